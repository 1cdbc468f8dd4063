import { route } from "@/server/http/route";
import { dlqOps } from "@/server/dlq/operations";
import { createTargetTopic } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(dlqOps.createTargetTopic, async ({ rt, body, audit }) => {
  audit.target = `topic:${body.topic}`;
  const created = await createTargetTopic({ kafka: rt.kafka, db: rt.db.prisma, scope: rt.config.dlqScope, body });
  audit.detail = {
    partitions: created.partitions,
    replicationFactor: created.replicationFactor,
    layoutFrom: created.layoutFrom,
    likeTopic: body.likeTopic ?? null,
  };
  return created;
});
