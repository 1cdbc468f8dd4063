import "server-only";
import type { ProxyTrust } from "../net-address.ts";
import { isHttpsRequest, peerAddress } from "./client-address.ts";
import { HOST_COOKIES, PLAIN_COOKIES, type CookiePolicy } from "./cookies.ts";

/** Hosts a browser counts as potentially trustworthy over plain HTTP (it keeps Secure cookies set there too). */
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/i;

export type RequestCookiePolicy = CookiePolicy & {
  /** Why sign-in cannot work here: the browser would drop the Secure cookie it is given. */
  refusal?: string;
};

/** The host the browser asked for: a trusted proxy's X-Forwarded-Host, else Host. */
function requestHost(headers: Headers, trust: ProxyTrust): string {
  const peer = peerAddress(headers);
  const forwarded = peer && trust.trusts(peer) ? headers.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  return (forwarded || headers.get("host") || "").toLowerCase();
}

/**
 * Secure `__Host-` cookies, except over plain HTTP to localhost (`npm start`, the e2e suite), where they are plain
 * and unprefixed. NEXUS_SECURE_COOKIES=true forces the first, false the second (plain HTTP on a trusted network).
 * Plain HTTP to any other host gets Secure cookies too, which a browser refuses: sign-in says so instead.
 */
export function cookiePolicy(
  headers: Headers,
  o: { secureCookies: boolean | undefined; proxyTrust: ProxyTrust },
): RequestCookiePolicy {
  if (o.secureCookies !== undefined)
    return o.secureCookies ? { secure: true, names: HOST_COOKIES } : { secure: false, names: PLAIN_COOKIES };
  if (isHttpsRequest(headers, o.proxyTrust)) return { secure: true, names: HOST_COOKIES };
  const host = requestHost(headers, o.proxyTrust);
  if (LOOPBACK.test(host)) return { secure: false, names: PLAIN_COOKIES };
  return {
    secure: true,
    names: HOST_COOKIES,
    refusal:
      `sign-in over plain HTTP is only possible on localhost: serve Nexus over HTTPS (behind a proxy listed in NEXUS_TRUSTED_PROXIES), ` +
      `or set NEXUS_SECURE_COOKIES=false on a network you trust (passwords and sessions then travel in clear)`,
  };
}

/** The cookie policy of a request under the running server's configuration. */
export function cookiePolicyOf(
  rt: { config: { secureCookies: boolean | undefined }; proxyTrust: ProxyTrust },
  headers: Headers,
): RequestCookiePolicy {
  return cookiePolicy(headers, { secureCookies: rt.config.secureCookies, proxyTrust: rt.proxyTrust });
}

/** The origin the browser used (a trusted proxy's X-Forwarded-Proto and -Host count): where the provider sends it back. */
export function publicOriginOf(
  rt: { config: { secureCookies: boolean | undefined }; proxyTrust: ProxyTrust },
  headers: Headers,
): string {
  const https = isHttpsRequest(headers, rt.proxyTrust) || rt.config.secureCookies === true;
  return `${https ? "https" : "http"}://${requestHost(headers, rt.proxyTrust)}`;
}
