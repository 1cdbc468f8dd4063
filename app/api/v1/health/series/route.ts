import { querySeries, resolvePrometheus } from "@/server/health";
import { route } from "@/server/http/route";
import { healthOps } from "@/server/health/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(healthOps.series, async ({ rt, query }) => {
  const choice = resolvePrometheus(rt.config.health.prometheusUrl, (await rt.health.snapshot()).services);
  return querySeries(choice, query.metric, query.minutes, rt.config.health.timeoutMs);
});
