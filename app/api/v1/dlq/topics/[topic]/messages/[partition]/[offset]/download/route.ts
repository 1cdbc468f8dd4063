import { route } from "@/server/http/route";
import { dlqOps } from "@/server/dlq/operations";
import { assertDlqTopic, readOne } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(dlqOps.download, async ({ rt, params, query }) => {
  await assertDlqTopic({ db: rt.db.prisma, pattern: rt.config.dlqTopicPattern, topic: params.topic });
  const r = await readOne({ kafka: rt.kafka, topic: params.topic, partition: params.partition, offset: BigInt(params.offset) });
  const bytes = query.part === "key" ? r.key : r.value;
  const name = `${params.topic}-${params.partition}-${params.offset}.${query.part}.bin`;
  return new Response(bytes ? new Uint8Array(bytes) : null, {
    status: bytes ? 200 : 204,
    headers: { "content-type": "application/octet-stream", "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store", "x-content-type-options": "nosniff" },
  });
});
