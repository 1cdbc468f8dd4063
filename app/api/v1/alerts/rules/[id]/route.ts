import { actorName } from "@/server/auth";
import { updateRule } from "@/server/health";
import { route } from "@/server/http/route";
import { healthOps } from "@/server/health/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const PATCH = route(healthOps.updateRule, ({ rt, params, body, principal, audit }) => {
  audit.target = `alert-rule:${params.id}`;
  audit.detail = body;
  return updateRule(rt.db.prisma, params.id, body, actorName(principal));
});
