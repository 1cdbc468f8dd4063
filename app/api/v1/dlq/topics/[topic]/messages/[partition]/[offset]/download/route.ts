import { route } from "@/server/http/route";
import { dlqOps } from "@/server/dlq/operations";
import { assertDlqTopic, assertPayloadAccess, messageAuditDetail, payloadAccess, readOne } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(dlqOps.download, async ({ rt, params, query, principal, audit }) => {
  await assertDlqTopic({ db: rt.db.prisma, pattern: rt.config.dlqTopicPattern, topic: params.topic });
  audit.target = `topic:${params.topic}`;
  audit.detail = messageAuditDetail(params, { part: query.part });
  assertPayloadAccess(
    payloadAccess(principal.role, rt.config.dlqPayloadRole),
    principal.role,
    "downloading a message's key or value",
  );
  const r = await readOne({
    kafka: rt.kafka,
    topic: params.topic,
    partition: params.partition,
    offset: BigInt(params.offset),
  });
  const bytes = query.part === "key" ? r.key : r.value;
  audit.detail = messageAuditDetail(params, { part: query.part, bytes: bytes?.length ?? 0 });
  const name = `${params.topic}-${params.partition}-${params.offset}.${query.part}.bin`;
  return new Response(bytes ? new Uint8Array(bytes) : null, {
    status: bytes ? 200 : 204,
    headers: {
      "content-type": "application/octet-stream",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
