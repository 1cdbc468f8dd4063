import { route } from "@/server/http/route";
import { sseResponse } from "@/server/http/sse";
import { stackOps } from "@/server/stack/operations";
import { loadTemplate, streamLogs } from "@/server/stack";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(stackOps.logs, async ({ rt, params, query, req }) => {
  const events = await streamLogs({
    engine: rt.engine,
    template: loadTemplate(params.name),
    services: query.services,
    tail: query.tail,
    follow: query.follow,
  });
  return sseResponse(req.signal, events);
});
