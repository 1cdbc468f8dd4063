import { login } from "@/server/auth";
import { ForbiddenError } from "@/server/errors";
import { authOps } from "@/server/auth/operations";
import { cookiePolicyOf } from "@/server/http/cookie-policy";
import { sessionCookies } from "@/server/http/cookies";
import { route } from "@/server/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(authOps.login, async ({ rt, body, ip, req, audit }) => {
  audit.actor = body.username;
  audit.target = `user:${body.username}`;
  audit.detail = { method: "password" };
  const cookies = cookiePolicyOf(rt, req.headers);
  if (cookies.refusal) throw new ForbiddenError(cookies.refusal);
  const { user, session } = await login({
    db: rt.db.prisma,
    limiter: rt.loginLimiter,
    limits: rt.config.login,
    body,
    ip,
    userAgent: req.headers.get("user-agent"),
    sessionTtlMs: rt.config.sessionTtlMs,
    passwordLogin: rt.config.passwordLogin,
  });
  audit.actorType = "user";
  const headers = new Headers({ "content-type": "application/json", "cache-control": "no-store" });
  for (const c of sessionCookies(session, cookies)) headers.append("set-cookie", c);
  return new Response(JSON.stringify({ user, csrfToken: session.csrfToken, via: "session" }), { status: 200, headers });
});
