export const SESSION_COOKIE = "nexus_session";
export const CSRF_COOKIE = "nexus_csrf";
export const CSRF_HEADER = "x-csrf-token";

type CookieOptions = { maxAgeSeconds: number; httpOnly: boolean; secure: boolean; sameSite: "Lax" | "Strict" };

export function serializeCookie(name: string, value: string, o: CookieOptions): string {
  return [
    `${name}=${encodeURIComponent(value)}`, "Path=/", `Max-Age=${o.maxAgeSeconds}`, `SameSite=${o.sameSite}`,
    o.httpOnly ? "HttpOnly" : "", o.secure ? "Secure" : "",
  ].filter(Boolean).join("; ");
}

/** Session cookie (httpOnly) plus a readable CSRF cookie the UI echoes in X-CSRF-Token. */
export function sessionCookies(s: { cookieValue: string; csrfToken: string; expiresAt: Date }, secure: boolean): string[] {
  const maxAgeSeconds = Math.max(0, Math.floor((s.expiresAt.getTime() - Date.now()) / 1000));
  return [
    serializeCookie(SESSION_COOKIE, s.cookieValue, { maxAgeSeconds, httpOnly: true, secure, sameSite: "Lax" }),
    serializeCookie(CSRF_COOKIE, s.csrfToken, { maxAgeSeconds, httpOnly: false, secure, sameSite: "Strict" }),
  ];
}

export function clearedSessionCookies(secure: boolean): string[] {
  return [
    serializeCookie(SESSION_COOKIE, "", { maxAgeSeconds: 0, httpOnly: true, secure, sameSite: "Lax" }),
    serializeCookie(CSRF_COOKIE, "", { maxAgeSeconds: 0, httpOnly: false, secure, sameSite: "Strict" }),
  ];
}
