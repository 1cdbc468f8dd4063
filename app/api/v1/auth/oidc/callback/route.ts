import { safeNext } from "@/components/auth/safe-next";
import { recordAuditEvent } from "@/server/audit";
import { finishOidcSignIn } from "@/server/auth";
import { authOps } from "@/server/auth/operations";
import { isDependencyUnavailable, NotFoundError, signInRefusalOf, type AppError } from "@/server/errors";
import { cookiePolicyOf, publicOriginOf } from "@/server/http/cookie-policy";
import { clearedOidcFlowCookie, sessionCookies } from "@/server/http/cookies";
import { readFlow } from "@/server/http/oidc-flow";
import { route } from "@/server/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(authOps.oidcCallback, async (ctx) => {
  const { rt, req, audit } = ctx;
  const origin = publicOriginOf(rt, req.headers);
  const cookies = cookiePolicyOf(rt, req.headers);
  const flow = readFlow(req.headers, cookies.names.oidcFlow);
  const headers = new Headers({ "cache-control": "no-store" });
  headers.append("set-cookie", clearedOidcFlowCookie(cookies)); // one use only, whatever the outcome
  const issuer = rt.config.oidc?.issuer;
  audit.detail = { method: "oidc", issuer };
  try {
    if (!rt.oidc || !rt.config.oidc) throw new NotFoundError("single sign-on is not configured");
    const { user, session } = await finishOidcSignIn({
      db: rt.db.prisma,
      oidc: rt.oidc,
      callbackUrl: new URL(`${origin}${new URL(req.url).pathname}${new URL(req.url).search}`),
      flow,
      roleClaim: rt.config.oidc.roleClaim,
      roleMap: rt.config.oidc.roleMap,
      sessionTtlMs: rt.config.sessionTtlMs,
      ip: ctx.ip,
      userAgent: req.headers.get("user-agent"),
      requestId: ctx.requestId,
    });
    Object.assign(audit, { actor: user.username, actorType: "user", target: `user:${user.username}` });
    audit.detail = { method: "oidc", issuer, role: user.role };
    for (const c of sessionCookies(session, cookies)) headers.append("set-cookie", c);
    headers.set("location", `${origin}${safeNext(flow?.next ?? "/", origin)}`);
  } catch (e) {
    const refused = signInRefusalOf(e);
    if (!refused && !isDependencyUnavailable(e)) throw e;
    const reason = refused ?? "provider";
    const note = { ...audit, actor: "anonymous", actorType: "anonymous" as const, detail: { ...audit.detail, reason } };
    await recordAuditEvent(rt.db.prisma, {
      ...ctx.auditEvent((e as AppError).status, note),
      detail: { ...note.detail, error: (e as AppError).message },
    }).catch((err: unknown) => rt.log.error({ err, requestId: ctx.requestId }, "could not write audit event"));
    audit.written = true;
    rt.log.warn({ requestId: ctx.requestId, reason, detail: (e as AppError).message }, "single sign-on refused");
    headers.set("location", reason === "no-role" ? `${origin}/no-access` : `${origin}/login?error=${reason}`);
  }
  return new Response(null, { status: 302, headers });
});
