import { route } from "@/server/http/route";
import { dlqOps } from "@/server/dlq/operations";
import { assertDlqTopic, assertPayloadAccess, exportDownload, payloadAccess } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(dlqOps.export, async ({ rt, params, query, principal, audit, auditEvent, requestId }) => {
  await assertDlqTopic({ db: rt.db.prisma, pattern: rt.config.dlqTopicPattern, topic: params.topic });
  const { format, ...filter } = query;
  audit.target = `topic:${params.topic}`;
  assertPayloadAccess(payloadAccess(principal.role, rt.config.dlqPayloadRole), principal.role, "exporting messages");
  return exportDownload({
    source: rt.kafka,
    db: rt.db.prisma,
    topic: params.topic,
    filter,
    format,
    maxBytes: rt.config.dlqExportMaxBytes,
    fileName: params.topic,
    audit: { note: audit, event: auditEvent, requestId },
  });
});
