import { route } from "@/server/http/route";
import { dlqS3Ops } from "@/server/dlq/operations";
import { assertTextFilterAllowed, browseAuditDetail, browseS3, payloadAccess } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(dlqS3Ops.s3Records, async ({ rt, query, principal, audit }) => {
  const access = payloadAccess(principal.role, rt.config.dlqPayloadRole);
  audit.target = `s3:${rt.s3?.bucket ?? "-"}/${query.prefix}`;
  assertTextFilterAllowed(access, principal.role, query);
  const page = await browseS3({ s3: rt.s3, db: rt.db.prisma, query, access });
  // As on a Kafka DLQ page: only a page that shows contents is a content read.
  audit.skip = page.payloads === "hidden" || (page.messages.length === 0 && query.text === undefined);
  const { partition, errorClass, originalTopic, text, since, until } = query;
  audit.detail = {
    ...browseAuditDetail(page, { partition, errorClass, originalTopic, text, since, until }),
    objects: [...new Set(page.messages.map((m) => m.object))],
  };
  return page;
});
