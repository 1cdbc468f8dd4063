import { route } from "@/server/http/route";
import { stackOps } from "@/server/stack/operations";
import { streamLogs } from "@/server/stack/streams";
import { loadTemplate } from "@/server/stack/templates";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(stackOps.logs, ({ rt, params, query, req }) =>
  streamLogs({ engine: rt.engine, template: loadTemplate(params.name), services: query.services, tail: query.tail, follow: query.follow, signal: req.signal }));
