import { alertsWithPrometheus } from "@/server/health";
import { route } from "@/server/http/route";
import { healthOps } from "@/server/health/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(healthOps.alerts, ({ rt }) =>
  alertsWithPrometheus(
    rt.db.prisma,
    rt.health,
    Boolean(rt.config.health.alertWebhookUrl),
    rt.config.health.prometheusUrl,
  ),
);
