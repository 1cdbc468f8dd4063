import { assertScope } from "@/server/auth";
import { authenticateRequest } from "@/server/http/authenticate";
import { route } from "@/server/http/route";
import { renderMetrics } from "@/server/system";
import { systemOps } from "@/server/system/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(systemOps.metrics, async ({ rt, req }) =>
  renderMetrics({
    metricsPublic: rt.config.metricsPublic,
    authenticate: async () => {
      const caller = await authenticateRequest(rt, req.headers);
      if (caller) assertScope(caller, systemOps.metrics.scope);
      return caller;
    },
  }),
);
