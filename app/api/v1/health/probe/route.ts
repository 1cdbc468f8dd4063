import { route } from "@/server/http/route";
import { healthOps } from "@/server/health/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(healthOps.probe, ({ rt }) => rt.health.runNow());
