import { route } from "@/server/http/route";
import { healthOps } from "@/server/health/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(healthOps.snapshot, ({ rt }) => rt.health.snapshot());
