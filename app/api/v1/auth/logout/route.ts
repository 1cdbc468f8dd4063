import { deleteSession } from "@/server/auth";
import { authOps } from "@/server/auth/operations";
import { cookiePolicyOf, publicOriginOf } from "@/server/http/cookie-policy";
import { clearedSessionCookies } from "@/server/http/cookies";
import { route } from "@/server/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Ends our session; a session from the provider also gets the provider's end-session URL (RP-initiated logout). */
export const POST = route(authOps.logout, async ({ rt, principal, audit, req }) => {
  audit.target = `user:${principal.username}`;
  const ended = principal.sessionId ? await deleteSession(rt.db.prisma, principal.sessionId) : null;
  const headers = new Headers({ "cache-control": "no-store" });
  for (const c of clearedSessionCookies(cookiePolicyOf(rt, req.headers))) headers.append("set-cookie", c);
  const fromProvider = rt.oidc && ended?.signedInWith === rt.oidc.issuer;
  const endSessionUrl = fromProvider
    ? await rt.oidc!.endSessionUrl(ended?.idToken ?? null, `${publicOriginOf(rt, req.headers)}/login`)
    : null;
  if (!endSessionUrl) return new Response(null, { status: 204, headers });
  audit.detail = { endSessionAt: rt.oidc!.issuer };
  headers.set("content-type", "application/json");
  return new Response(JSON.stringify({ endSessionUrl }), { status: 200, headers });
});
