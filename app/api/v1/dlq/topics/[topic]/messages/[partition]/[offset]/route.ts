import { route } from "@/server/http/route";
import { dlqOps } from "@/server/dlq/operations";
import { assertDlqTopic, loadMapping, readOne, toDlqMessage, withError } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(dlqOps.message, async ({ rt, params, query }) => {
  await assertDlqTopic({ db: rt.db.prisma, pattern: rt.config.dlqTopicPattern, topic: params.topic });
  const [r, mapping] = await Promise.all([
    readOne({ kafka: rt.kafka, topic: params.topic, partition: params.partition, offset: BigInt(params.offset) }), loadMapping(rt.db.prisma, params.topic),
  ]);
  return toDlqMessage(params.topic, withError(r, mapping), query.preview);
});
