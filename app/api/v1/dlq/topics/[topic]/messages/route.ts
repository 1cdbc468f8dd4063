import { route } from "@/server/http/route";
import { dlqOps } from "@/server/dlq/operations";
import { assertDlqTopic, assertTextFilterAllowed, browseAuditDetail, browseTopic, payloadAccess } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(dlqOps.messages, async ({ rt, params, query, principal, audit }) => {
  await assertDlqTopic({ db: rt.db.prisma, pattern: rt.config.dlqTopicPattern, topic: params.topic });
  const access = payloadAccess(principal.role, rt.config.dlqPayloadRole);
  audit.target = `topic:${params.topic}`;
  assertTextFilterAllowed(access, principal.role, query);
  const page = await browseTopic({ kafka: rt.kafka, db: rt.db.prisma, topic: params.topic, query, access });
  // Only a page that shows contents is a content read; metadata and an empty page without a text search are not.
  audit.skip = page.payloads === "hidden" || (page.messages.length === 0 && query.text === undefined);
  const { partition, errorClass, originalTopic, text, since, until } = query;
  audit.detail = browseAuditDetail(page, { partition, errorClass, originalTopic, text, since, until });
  return page;
});
