import { streamHealth } from "@/server/health";
import { route } from "@/server/http/route";
import { healthOps } from "@/server/health/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(healthOps.stream, async ({ rt, req }) => streamHealth(rt.health, req.signal));
