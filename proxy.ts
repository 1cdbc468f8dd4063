import { NextResponse, type NextRequest } from "next/server";
import { allowedHostsFromEnv, isAllowedHost, misdirectedProblem } from "./server/allowed-hosts.mjs";
import { HOST_COOKIES, PLAIN_COOKIES } from "./server/http/cookies";
import {
  HSTS,
  newNonce,
  pageContentSecurityPolicy,
  secureCookiesFromEnv,
  wantsHsts,
} from "./server/http/security-headers.mjs";

// Pages only (the API authenticates in server/http/route.ts): send visitors without a session cookie to
// the sign-in page, and give every page response a request id like the API's, its Content-Security-Policy with a
// fresh nonce (Next.js reads it from the request header and puts it on its scripts) and HSTS with Secure cookies.
const PUBLIC_PAGES = new Set(["/login", "/no-access"]);
const DEV = process.env.NODE_ENV === "development";
let allowed: Set<string> | undefined;

export function proxy(req: NextRequest) {
  const requestId =
    req.headers.get("x-request-id")?.match(/^[A-Za-z0-9._-]{1,64}$/)?.[0] ?? `r-${crypto.randomUUID().slice(0, 13)}`;
  const { pathname, search } = req.nextUrl;
  // scripts/serve.mjs refuses foreign Hosts before Next.js; this is for `next dev` and `next start`.
  if (!isAllowedHost(req.headers.get("host"), (allowed ??= allowedHostsFromEnv(process.env)))) {
    return NextResponse.json(misdirectedProblem(pathname, requestId), {
      status: 421,
      headers: { "content-type": "application/problem+json", "x-request-id": requestId },
    });
  }
  const nonce = newNonce();
  const csp = pageContentSecurityPolicy(nonce, { dev: DEV });
  let res: NextResponse;
  if (
    !PUBLIC_PAGES.has(pathname) &&
    !req.cookies.has(HOST_COOKIES.session) &&
    !req.cookies.has(PLAIN_COOKIES.session)
  ) {
    const url = req.nextUrl.clone();
    url.pathname = "/login";
    url.search = pathname === "/" ? "" : `?next=${encodeURIComponent(pathname + search)}`;
    res = NextResponse.redirect(url);
  } else {
    const headers = new Headers(req.headers);
    headers.set("x-request-id", requestId);
    headers.set("x-nonce", nonce);
    headers.set("content-security-policy", csp);
    res = NextResponse.next({ request: { headers } });
  }
  res.headers.set("x-request-id", requestId);
  res.headers.set("content-security-policy", csp);
  if (wantsHsts(req.headers, req.url, secureCookiesFromEnv(process.env)))
    res.headers.set("strict-transport-security", HSTS);
  return res;
}

export const config = {
  matcher: ["/((?!api/|metrics/job/|_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico|css|js|woff2?)$).*)"],
};
