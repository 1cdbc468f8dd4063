import { authOps } from "@/server/auth/operations";
import { route } from "@/server/http/route";
import { cookiePolicyOf } from "@/server/http/cookie-policy";
import { sessionInfo } from "@/server/http/session-info";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(authOps.session, ({ rt, principal, req }) =>
  sessionInfo(rt.db.prisma, principal, req.headers, cookiePolicyOf(rt, req.headers).names.csrf),
);
