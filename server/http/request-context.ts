import "server-only";
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

/** Longest cookie value read: browsers keep at most 4096 bytes per cookie, name included. */
const MAX_COOKIE_CHARS = 4096;

/**
 * The value of cookie `name`, or undefined when it is absent or unusable: badly percent-encoded, longer than a
 * browser would keep, or sent more than once (which copy is ours is unknowable: a tossed cookie may come first).
 */
export function readCookie(headers: Headers, name: string): string | undefined {
  const raw = headers.get("cookie");
  if (!raw) return undefined;
  let found: string | undefined;
  let count = 0;
  for (const part of raw.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      count++;
      found = part.slice(eq + 1).trim();
    }
  }
  if (count !== 1 || found === undefined || found.length > MAX_COOKIE_CHARS) return undefined;
  try {
    return decodeURIComponent(found);
  } catch {
    return undefined;
  }
}
