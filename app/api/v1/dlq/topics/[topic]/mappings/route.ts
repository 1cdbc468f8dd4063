import { route } from "@/server/http/route";
import { dlqOps } from "@/server/dlq/operations";
import { listMappings, putMappings } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(dlqOps.mappings, ({ rt, params }) => listMappings(rt.db.prisma, params.topic));
export const PUT = route(dlqOps.putMappings, ({ rt, params, body, principal, audit }) => {
  audit.target = `topic:${params.topic}`;
  audit.detail = { mappings: body.mappings.length };
  return putMappings(rt.db.prisma, params.topic, body.mappings, principal.username);
});
