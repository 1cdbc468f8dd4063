import "server-only";
import { type AuditRecord, recordAuditEvent } from "../audit/index.ts";
import { getLogger } from "../log.ts";
import type { ExportEnd } from "./export-reader.ts";
import { type ExportOptions, exportMessages } from "./group-export.ts";
import { exportEndDetail, exportStartDetail } from "./read-audit.ts";

/** The request's audit note and event, as the route wrapper hands them to a handler. */
export type ExportAudit = {
  note: { target?: string; detail?: Record<string, unknown>; written?: boolean };
  event: (status: number, note?: { target?: string; detail?: Record<string, unknown> }) => AuditRecord;
  requestId: string;
};

/**
 * A download of a dead-letter log (a Kafka topic or an S3 prefix) as JSON lines or CSV, audited twice: what may be
 * read is on record before the first read (the request's own event, with the planned ranges), and `dlq.export.end`
 * says what was sent and how it ended. The source is found (404) and reachable (503) before the stream starts, so
 * those are problem+json answers; `onClose` runs once when the stream ends, however it ends.
 */
export async function exportDownload(
  opts: Omit<ExportOptions, "onEnd"> & { audit: ExportAudit; fileName: string; onClose?: () => void },
): Promise<Response> {
  const { audit, fileName, onClose, ...exportOpts } = opts;
  const record = (e: AuditRecord) =>
    recordAuditEvent(opts.db, e).catch((err: unknown) =>
      getLogger().error({ err, requestId: audit.requestId }, "could not write audit event"),
    );
  const onEnd = (end: ExportEnd) => {
    onClose?.();
    return record({
      ...audit.event(200, { target: audit.note.target, detail: exportEndDetail(end) }),
      action: "dlq.export.end",
      outcome: end.reason === "error" ? "failure" : "success",
    });
  };
  const plan = await exportMessages({ ...exportOpts, onEnd }).catch((e: unknown) => {
    onClose?.();
    throw e;
  });
  audit.note.detail = exportStartDetail(plan.ranges, opts.filter, opts.format, opts.maxBytes);
  await record(audit.event(200));
  audit.note.written = true;
  return new Response(plan.open(), {
    headers: {
      "content-type": opts.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson",
      "content-disposition": `attachment; filename="${fileName}.${opts.format}"`,
      "cache-control": "no-store",
      "x-export-max-bytes": String(opts.maxBytes),
    },
  });
}
