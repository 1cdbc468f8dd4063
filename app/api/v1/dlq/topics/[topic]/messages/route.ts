import { route } from "@/server/http/route";
import { dlqOps } from "@/server/dlq/operations";
import { assertDlqTopic, browseTopic } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(dlqOps.messages, async ({ rt, params, query }) => {
  await assertDlqTopic({ db: rt.db.prisma, pattern: rt.config.dlqTopicPattern, topic: params.topic });
  return browseTopic({ kafka: rt.kafka, db: rt.db.prisma, topic: params.topic, query });
});
