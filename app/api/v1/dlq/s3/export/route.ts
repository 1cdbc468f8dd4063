import { route } from "@/server/http/route";
import { dlqS3Ops } from "@/server/dlq/operations";
import { assertPayloadAccess, exportDownload, openS3Log, payloadAccess } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(dlqS3Ops.s3Export, async ({ rt, query, principal, audit, auditEvent, requestId }) => {
  const { format, prefix, ...filter } = query;
  audit.target = `s3:${rt.s3?.bucket ?? "-"}/${prefix}`;
  assertPayloadAccess(payloadAccess(principal.role, rt.config.dlqPayloadRole), principal.role, "exporting messages");
  // 404 or 503 as problem+json before the stream starts.
  const log = await openS3Log(rt.s3, prefix);
  return exportDownload({
    source: log,
    db: rt.db.prisma,
    topic: log.name,
    filter,
    format,
    maxBytes: rt.config.dlqExportMaxBytes,
    fileName: prefix.replace(/\/$/, "").replace(/[/=]/g, "_"),
    onClose: () => log.close(),
    audit: { note: audit, event: auditEvent, requestId },
  });
});
