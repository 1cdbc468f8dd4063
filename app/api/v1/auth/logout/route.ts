import { deleteSession } from "@/server/auth";
import { authOps } from "@/server/auth/operations";
import { cookiePolicyOf } from "@/server/http/cookie-policy";
import { clearedSessionCookies } from "@/server/http/cookies";
import { route } from "@/server/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(authOps.logout, async ({ rt, principal, audit, req }) => {
  audit.target = `user:${principal.username}`;
  if (principal.sessionId) await deleteSession(rt.db.prisma, principal.sessionId);
  const headers = new Headers();
  for (const c of clearedSessionCookies(cookiePolicyOf(rt, req.headers))) headers.append("set-cookie", c);
  return new Response(null, { status: 204, headers });
});
