import "server-only";
import { UnauthorizedError } from "../errors.ts";
import { getMetrics } from "../metrics.ts";

/**
 * Prometheus text exposition. Needs a viewer unless NEXUS_METRICS_PUBLIC=true: `authenticate` is the caller's
 * principal (or null), asked only when the metrics are not public.
 */
export async function renderMetrics(opts: {
  metricsPublic: boolean;
  authenticate: () => Promise<unknown>;
}): Promise<Response> {
  if (!opts.metricsPublic && !(await opts.authenticate())) {
    throw new UnauthorizedError(
      "metrics need authentication on this server (send a viewer token, or set NEXUS_METRICS_PUBLIC=true)",
    );
  }
  const { registry } = getMetrics();
  return new Response(await registry.metrics(), {
    headers: { "content-type": registry.contentType, "cache-control": "no-store" },
  });
}
