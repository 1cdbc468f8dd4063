/**
 * Where to go after sign-in: `next` resolved the way the browser will resolve it, kept only when it stays on
 * `origin`, and reduced to path and query. Prefix checks on the raw text are not enough: browsers read `/\evil`,
 * `/<tab>/evil` and `/\/evil` as `//evil`, another host.
 */
export function safeNext(next: string | null, origin: string): string {
  if (!next) return "/";
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return "/";
  }
  if (url.origin !== new URL(origin).origin) return "/";
  // `/.//evil` resolves to the path `//evil`, which a router would again read as another host.
  return `${url.pathname.replace(/^\/+/, "/")}${url.search}`;
}
