import { startOidcSignIn } from "@/server/auth";
import { authOps } from "@/server/auth/operations";
import { isDependencyUnavailable } from "@/server/errors";
import { cookiePolicyOf, publicOriginOf } from "@/server/http/cookie-policy";
import { oidcFlowCookie } from "@/server/http/cookies";
import { encodeFlow } from "@/server/http/oidc-flow";
import { route } from "@/server/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const redirect = (location: string, cookie?: string) => {
  const headers = new Headers({ location, "cache-control": "no-store" });
  if (cookie) headers.append("set-cookie", cookie);
  return new Response(null, { status: 302, headers });
};

export const GET = route(authOps.oidcLogin, async ({ rt, query, req, requestId }) => {
  const origin = publicOriginOf(rt, req.headers);
  const cookies = cookiePolicyOf(rt, req.headers);
  if (!rt.oidc) return redirect(`${origin}/login?error=not-configured`);
  if (cookies.refusal) return redirect(`${origin}/login?error=insecure`);
  const redirectUri = rt.config.oidc?.redirectUri ?? `${origin}/api/v1/auth/oidc/callback`;
  try {
    const { url, flow } = await startOidcSignIn({ oidc: rt.oidc, redirectUri });
    return redirect(url, oidcFlowCookie(encodeFlow({ ...flow, next: query.next ?? "/" }), cookies));
  } catch (e) {
    // Thrown by the runtime's adapter, another bundle's copy of the class: recognised by its type.
    if (!isDependencyUnavailable(e)) throw e;
    rt.log.warn({ requestId, detail: e.message }, "identity provider unavailable");
    return redirect(`${origin}/login?error=provider`);
  }
});
