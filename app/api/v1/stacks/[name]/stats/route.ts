import { route } from "@/server/http/route";
import { sseResponse } from "@/server/http/sse";
import { stackOps } from "@/server/stack/operations";
import { loadTemplate, streamStats } from "@/server/stack";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(stackOps.stats, async ({ rt, params, req }) =>
  sseResponse(req.signal, await streamStats({ engine: rt.engine, template: loadTemplate(params.name) })),
);
