import { route } from "@/server/http/route";
import { dlqOps } from "@/server/dlq/operations";
import { assertDlqTopic, assertTextFilterAllowed, groupMessages, payloadAccess } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(dlqOps.groups, async ({ rt, params, query, principal }) => {
  await assertDlqTopic({ db: rt.db.prisma, pattern: rt.config.dlqTopicPattern, topic: params.topic });
  const { by, ...filter } = query;
  assertTextFilterAllowed(payloadAccess(principal.role, rt.config.dlqPayloadRole), principal.role, filter);
  return groupMessages({ source: rt.kafka, db: rt.db.prisma, topic: params.topic, filter, by });
});
