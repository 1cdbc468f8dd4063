import { route } from "@/server/http/route";
import { dlqOps } from "@/server/dlq/operations";
import { assertDlqTopic, summarizeTopic } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(dlqOps.topic, async ({ rt, params }) => {
  await assertDlqTopic({ db: rt.db.prisma, pattern: rt.config.dlqTopicPattern, topic: params.topic });
  return summarizeTopic({ kafka: rt.kafka, db: rt.db.prisma, topic: params.topic });
});
