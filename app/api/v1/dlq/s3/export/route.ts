import { recordAuditEvent } from "@/server/audit";
import { route } from "@/server/http/route";
import { getLogger } from "@/server/log";
import { dlqS3Ops } from "@/server/dlq/operations";
import {
  assertPayloadAccess,
  type ExportEnd,
  exportEndDetail,
  exportMessages,
  exportStartDetail,
  openS3Log,
  payloadAccess,
} from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(dlqS3Ops.s3Export, async ({ rt, query, principal, audit, auditEvent, requestId }) => {
  const { format, prefix, ...filter } = query;
  audit.target = `s3:${rt.s3?.bucket ?? "-"}/${prefix}`;
  assertPayloadAccess(payloadAccess(principal.role, rt.config.dlqPayloadRole), principal.role, "exporting messages");
  const maxBytes = rt.config.dlqExportMaxBytes;
  const record = (e: Parameters<typeof recordAuditEvent>[1]) =>
    recordAuditEvent(rt.db.prisma, e).catch((err: unknown) =>
      getLogger().error({ err, requestId }, "could not write audit event"),
    );
  // 404 or 503 as problem+json before the stream starts.
  const log = await openS3Log(rt.s3, prefix);
  const onEnd = (end: ExportEnd) => {
    log.close();
    return record({
      ...auditEvent(200, { target: audit.target, detail: exportEndDetail(end) }),
      action: "dlq.export.end",
      outcome: end.reason === "error" ? "failure" : "success",
    });
  };
  const plan = await exportMessages({
    source: log,
    db: rt.db.prisma,
    topic: log.name,
    filter,
    format,
    maxBytes,
    onEnd,
  });
  audit.detail = exportStartDetail(plan.ranges, filter, format, maxBytes);
  await record(auditEvent(200));
  audit.written = true;
  const file = prefix.replace(/\/$/, "").replace(/[/=]/g, "_");
  return new Response(plan.open(), {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson",
      "content-disposition": `attachment; filename="${file}.${format}"`,
      "cache-control": "no-store",
      "x-export-max-bytes": String(maxBytes),
    },
  });
});
