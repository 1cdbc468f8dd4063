import { route } from "@/server/http/route";
import { renderMetrics } from "@/server/system/render-metrics";
import { systemOps } from "@/server/system/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(systemOps.metrics, async ({ rt, req }) => renderMetrics(rt, req.headers));
