import "server-only";
import { authenticateRequest } from "../http/authenticate.ts";
import { UnauthorizedError } from "../errors.ts";
import { getMetrics } from "../metrics.ts";
import type { Runtime } from "../runtime.ts";

/** Prometheus text exposition. Needs a viewer unless NEXUS_METRICS_PUBLIC=true. */
export async function renderMetrics(rt: Runtime, headers: Headers): Promise<Response> {
  if (!rt.config.metricsPublic && !(await authenticateRequest(rt, headers))) {
    throw new UnauthorizedError("metrics need authentication on this server (send a viewer token, or set NEXUS_METRICS_PUBLIC=true)");
  }
  const { registry } = getMetrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
}
