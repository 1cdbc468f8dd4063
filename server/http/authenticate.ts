import "server-only";
import type { Db } from "../adapters/db/index.ts";
import { digestsEqual, hashSecret, resolveApiToken, resolveSession, type Principal } from "../auth/index.ts";
import { CsrfError, UnauthorizedError } from "../errors.ts";
import type { ProxyTrust } from "../net-address.ts";
import { cookiePolicyOf } from "./cookie-policy.ts";
import { CSRF_HEADER } from "./cookies.ts";
import { readCookie } from "./request-context.ts";

/**
 * The caller behind a request: an API token in `Authorization: Bearer`, else the session cookie named by the
 * request's cookie policy (server/http/cookie-policy.ts). A bearer token that is unknown, expired or revoked is an
 * error, never a fallback to the cookie.
 */
export async function authenticate(db: Db, headers: Headers, sessionCookie: string): Promise<Principal | null> {
  const authz = headers.get("authorization");
  if (authz) {
    const token = bearerOrBasicToken(authz);
    if (!token)
      throw new UnauthorizedError(
        "Authorization header must be `Bearer <token>`, or basic auth with the token as password",
      );
    const p = await resolveApiToken(db, token);
    if (!p) throw new UnauthorizedError("API token is invalid, expired or revoked");
    return p;
  }
  const cookie = readCookie(headers, sessionCookie);
  return cookie ? resolveSession(db, cookie) : null;
}

/** `authenticate` with the session cookie this request's cookie policy names: what every caller with a runtime wants. */
export function authenticateRequest(
  rt: { db: { prisma: Db }; config: { secureCookies: boolean | undefined }; proxyTrust: ProxyTrust },
  headers: Headers,
): Promise<Principal | null> {
  return authenticate(rt.db.prisma, headers, cookiePolicyOf(rt, headers).names.session);
}

/**
 * The API token in `Bearer <token>`, or the password of `Basic base64(user:token)`: reporters that can only
 * put credentials in a URL (`http://ingest:<token>@host:3000`, openlineage-python's HTTP transport, the
 * seed's reporters) send basic auth. Passwords of user accounts are never accepted here.
 */
export function bearerOrBasicToken(authz: string): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authz);
  if (bearer?.[1]) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authz);
  if (!basic?.[1]) return null;
  const decoded = Buffer.from(basic[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const password = colon >= 0 ? decoded.slice(colon + 1) : "";
  return password || null;
}

/** The Origin of a browser request must be this server (or a configured trusted origin). */
export function assertSameOrigin(headers: Headers, requestUrl: string, trusted: readonly string[]): void {
  const origin = headers.get("origin");
  if (!origin) return; // not a browser, or a same-origin GET; cookies alone cannot reach here cross-site (SameSite)
  const host = headers.get("x-forwarded-host") ?? headers.get("host") ?? new URL(requestUrl).host;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new CsrfError("Origin header is malformed");
  }
  if (originHost !== host && !trusted.some((t) => new URL(t).origin === origin)) {
    throw new CsrfError(`cross-origin request from ${origin} refused`);
  }
}

/** Cookie-authenticated mutations must echo the session's CSRF token (double submit, checked against its hash). */
export function assertCsrf(principal: Principal, headers: Headers): void {
  if (principal.via !== "session") return;
  const sent = headers.get(CSRF_HEADER);
  if (!sent || !principal.csrfHash || !digestsEqual(hashSecret(sent), principal.csrfHash)) {
    throw new CsrfError("missing or wrong X-CSRF-Token header");
  }
}
