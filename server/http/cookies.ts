export const CSRF_HEADER = "x-csrf-token";

export type CookieNames = { session: string; csrf: string; oidcFlow: string };
/**
 * Names with the `__Host-` prefix: a browser takes such a cookie only when it is Secure, has Path=/ and no Domain,
 * so neither a sibling subdomain nor a plain-HTTP page can plant one (session fixation, CSRF token tossing).
 */
export const HOST_COOKIES: CookieNames = {
  session: "__Host-nexus_session",
  csrf: "__Host-nexus_csrf",
  oidcFlow: "__Host-nexus_oidc",
};
/** Names over plain HTTP to localhost (browsers refuse `__Host-` without Secure; not every client keeps Secure cookies there). */
export const PLAIN_COOKIES: CookieNames = { session: "nexus_session", csrf: "nexus_csrf", oidcFlow: "nexus_oidc" };

/** How long a sign-in at the identity provider may take, from our redirect to its callback. */
export const OIDC_FLOW_SECONDS = 600;

/**
 * The state, nonce and PKCE verifier of one sign-in at the provider, bound to this browser: HttpOnly, and Lax so that
 * the provider's top-level redirect back to us brings it (Strict would not).
 */
export function oidcFlowCookie(value: string, p: CookiePolicy): string {
  return serializeCookie(p.names.oidcFlow, value, {
    maxAgeSeconds: OIDC_FLOW_SECONDS,
    httpOnly: true,
    secure: p.secure,
    sameSite: "Lax",
  });
}

export function clearedOidcFlowCookie(p: CookiePolicy): string {
  return serializeCookie(p.names.oidcFlow, "", { maxAgeSeconds: 0, httpOnly: true, secure: p.secure, sameSite: "Lax" });
}

/** How this request's cookies are named and marked, from server/http/cookie-policy.ts. */
export type CookiePolicy = { secure: boolean; names: CookieNames };

type CookieOptions = { maxAgeSeconds: number; httpOnly: boolean; secure: boolean; sameSite: "Lax" | "Strict" };

export function serializeCookie(name: string, value: string, o: CookieOptions): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    "Path=/",
    `Max-Age=${o.maxAgeSeconds}`,
    `SameSite=${o.sameSite}`,
    o.httpOnly ? "HttpOnly" : "",
    o.secure ? "Secure" : "",
  ]
    .filter(Boolean)
    .join("; ");
}

/** Session cookie (httpOnly) plus a readable CSRF cookie the UI echoes in X-CSRF-Token. */
export function sessionCookies(
  s: { cookieValue: string; csrfToken: string; expiresAt: Date },
  p: CookiePolicy,
): string[] {
  const maxAgeSeconds = Math.max(0, Math.floor((s.expiresAt.getTime() - Date.now()) / 1000));
  return [
    serializeCookie(p.names.session, s.cookieValue, {
      maxAgeSeconds,
      httpOnly: true,
      secure: p.secure,
      sameSite: "Lax",
    }),
    serializeCookie(p.names.csrf, s.csrfToken, {
      maxAgeSeconds,
      httpOnly: false,
      secure: p.secure,
      sameSite: "Strict",
    }),
  ];
}

export function clearedSessionCookies(p: CookiePolicy): string[] {
  return [
    serializeCookie(p.names.session, "", { maxAgeSeconds: 0, httpOnly: true, secure: p.secure, sameSite: "Lax" }),
    serializeCookie(p.names.csrf, "", { maxAgeSeconds: 0, httpOnly: false, secure: p.secure, sameSite: "Strict" }),
  ];
}
