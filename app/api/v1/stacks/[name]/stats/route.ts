import { route } from "@/server/http/route";
import { stackOps } from "@/server/stack/operations";
import { streamStats } from "@/server/stack/streams";
import { loadTemplate } from "@/server/stack/templates";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(stackOps.stats, ({ rt, params, req }) => streamStats({ engine: rt.engine, template: loadTemplate(params.name), signal: req.signal }));
