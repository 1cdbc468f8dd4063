import { NextResponse, type NextRequest } from "next/server";
import { HOST_COOKIES, PLAIN_COOKIES } from "./server/http/cookies";

// Pages only (the API authenticates in server/http/route.ts): send visitors without a session cookie to
// the sign-in page, and give every page response a request id like the API's.
const PUBLIC_PAGES = new Set(["/login"]);

export function proxy(req: NextRequest) {
  const requestId = req.headers.get("x-request-id")?.match(/^[A-Za-z0-9._-]{1,64}$/)?.[0] ?? `r-${crypto.randomUUID().slice(0, 13)}`;
  const { pathname, search } = req.nextUrl;
  if (!PUBLIC_PAGES.has(pathname) && !req.cookies.has(HOST_COOKIES.session) && !req.cookies.has(PLAIN_COOKIES.session)) {
    const url = req.nextUrl.clone();
    url.pathname = "/login";
    url.search = pathname === "/" ? "" : `?next=${encodeURIComponent(pathname + search)}`;
    const res = NextResponse.redirect(url);
    res.headers.set("x-request-id", requestId);
    return res;
  }
  const headers = new Headers(req.headers);
  headers.set("x-request-id", requestId);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("x-request-id", requestId);
  return res;
}

export const config = {
  matcher: ["/((?!api/|metrics/job/|_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico|css|js|woff2?)$).*)"],
};
