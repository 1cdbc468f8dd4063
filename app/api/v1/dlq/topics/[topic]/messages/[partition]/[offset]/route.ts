import { route } from "@/server/http/route";
import { dlqOps } from "@/server/dlq/operations";
import {
  assertDlqTopic,
  loadMapping,
  messageAuditDetail,
  messageWithoutPayloads,
  payloadAccess,
  readOne,
  replayMarks,
  toDlqMessage,
  withError,
} from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(dlqOps.message, async ({ rt, params, query, principal, audit }) => {
  await assertDlqTopic({ db: rt.db.prisma, pattern: rt.config.dlqTopicPattern, topic: params.topic });
  const [r, mapping, marks] = await Promise.all([
    readOne({ kafka: rt.kafka, topic: params.topic, partition: params.partition, offset: BigInt(params.offset) }),
    loadMapping(rt.db.prisma, params.topic),
    replayMarks(rt.db.prisma, params.topic, [params]),
  ]);
  const replays = marks.get(`${params.partition}:${params.offset}`) ?? [];
  if (!payloadAccess(principal.role, rt.config.dlqPayloadRole).shown) {
    audit.skip = true; // metadata only
    return { ...messageWithoutPayloads(params.topic, withError(r, mapping), "hidden"), replays };
  }
  audit.target = `topic:${params.topic}`;
  audit.detail = messageAuditDetail(params, {
    bytes: (r.key?.length ?? 0) + (r.value?.length ?? 0),
    preview: query.preview,
  });
  return { ...toDlqMessage(params.topic, withError(r, mapping), query.preview), replays };
});
