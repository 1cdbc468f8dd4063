import { route } from "@/server/http/route";
import { dlqOps } from "@/server/dlq/operations";
import { assertDlqTopic, listMappings, putMappings } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(dlqOps.mappings, async ({ rt, params }) => {
  await assertDlqTopic({ db: rt.db.prisma, pattern: rt.config.dlqTopicPattern, topic: params.topic });
  return listMappings(rt.db.prisma, params.topic);
});
export const PUT = route(dlqOps.putMappings, ({ rt, params, body, principal, audit }) => {
  audit.target = `topic:${params.topic}`;
  audit.detail = { mappings: body.mappings.length };
  return putMappings({
    db: rt.db.prisma,
    scope: rt.config.dlqScope,
    topic: params.topic,
    mappings: body.mappings,
    by: principal.username,
  });
});
