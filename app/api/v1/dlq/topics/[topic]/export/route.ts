import { route } from "@/server/http/route";
import { dlqOps } from "@/server/dlq/operations";
import { assertDlqTopic, exportMessages } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(dlqOps.export, async ({ rt, params, query }) => {
  await assertDlqTopic({ db: rt.db.prisma, pattern: rt.config.dlqTopicPattern, topic: params.topic });
  const { format, ...filter } = query;
  await rt.kafka.partitionOffsets(params.topic); // 404 or 503 as problem+json before the stream starts
  const stream = exportMessages({ kafka: rt.kafka, db: rt.db.prisma, topic: params.topic, filter, format });
  const ext = format === "csv" ? "csv" : "jsonl";
  return new Response(stream, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson",
      "content-disposition": `attachment; filename="${params.topic}.${ext}"`, "cache-control": "no-store",
    },
  });
});
