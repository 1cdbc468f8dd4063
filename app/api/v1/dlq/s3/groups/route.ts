import { route } from "@/server/http/route";
import { dlqS3Ops } from "@/server/dlq/operations";
import { assertTextFilterAllowed, groupMessages, openS3Log, payloadAccess } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(dlqS3Ops.s3Groups, async ({ rt, query, principal }) => {
  const { by, prefix, ...filter } = query;
  assertTextFilterAllowed(payloadAccess(principal.role, rt.config.dlqPayloadRole), principal.role, filter);
  const log = await openS3Log(rt.s3, prefix);
  try {
    return await groupMessages({ source: log, db: rt.db.prisma, topic: log.name, filter, by });
  } finally {
    log.close();
  }
});
