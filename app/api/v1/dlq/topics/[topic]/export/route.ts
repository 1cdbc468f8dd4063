import { recordAuditEvent } from "@/server/audit";
import { route } from "@/server/http/route";
import { getLogger } from "@/server/log";
import { dlqOps } from "@/server/dlq/operations";
import {
  assertDlqTopic,
  assertPayloadAccess,
  type ExportEnd,
  exportEndDetail,
  exportMessages,
  exportStartDetail,
  payloadAccess,
} from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(dlqOps.export, async ({ rt, params, query, principal, audit, auditEvent, requestId }) => {
  await assertDlqTopic({ db: rt.db.prisma, pattern: rt.config.dlqTopicPattern, topic: params.topic });
  const { format, ...filter } = query;
  audit.target = `topic:${params.topic}`;
  assertPayloadAccess(payloadAccess(principal.role, rt.config.dlqPayloadRole), principal.role, "exporting messages");
  const maxBytes = rt.config.dlqExportMaxBytes;
  const record = (e: Parameters<typeof recordAuditEvent>[1]) =>
    recordAuditEvent(rt.db.prisma, e).catch((err: unknown) =>
      getLogger().error({ err, requestId }, "could not write audit event"),
    );
  const onEnd = (end: ExportEnd) =>
    record({
      ...auditEvent(200, { target: audit.target, detail: exportEndDetail(end) }),
      action: "dlq.export.end",
      outcome: end.reason === "error" ? "failure" : "success",
    });
  // 404 or 503 as problem+json before the stream starts.
  const plan = await exportMessages({
    source: rt.kafka,
    db: rt.db.prisma,
    topic: params.topic,
    filter,
    format,
    maxBytes,
    onEnd,
  });
  // What may be read is on record before the first read; `dlq.export.end` says what was sent.
  audit.detail = exportStartDetail(plan.ranges, filter, format, maxBytes);
  await record(auditEvent(200));
  audit.written = true;
  return new Response(plan.open(), {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson",
      "content-disposition": `attachment; filename="${params.topic}.${format}"`,
      "cache-control": "no-store",
      "x-export-max-bytes": String(maxBytes),
    },
  });
});
