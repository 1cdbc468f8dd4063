import { streamHealth } from "@/server/health";
import { route } from "@/server/http/route";
import { sseResponse } from "@/server/http/sse";
import { healthOps } from "@/server/health/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(healthOps.stream, async ({ rt, req }) => sseResponse(req.signal, streamHealth(rt.health)));
