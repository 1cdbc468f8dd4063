import { randomUUID } from "node:crypto";

const SAFE_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The caller's X-Request-Id when it is safe to log, else a new one (as proxy.ts makes for pages; an id, not a
 * secret: randomUUID draws from a buffered pool instead of one system call per request).
 */
export function requestIdFrom(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && SAFE_ID.test(given) ? given : `r-${randomUUID().slice(0, 13)}`;
}

/** Client address as seen by the first proxy, or the socket peer Next.js reports. */
export function clientIp(headers: Headers): string {
  const fwd = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return (fwd || headers.get("x-real-ip") || "unknown").slice(0, 64);
}

export function readCookie(headers: Headers, name: string): string | undefined {
  const raw = headers.get("cookie");
  if (!raw) return undefined;
  for (const part of raw.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
