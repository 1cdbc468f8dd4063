import { route } from "@/server/http/route";
import { dlqOps } from "@/server/dlq/operations";
import { assertTextFilterAllowed, listReplays, payloadAccess, replayAnswer, submitReplay } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(dlqOps.replays, ({ rt, query }) => listReplays(rt.db.prisma, query));
export const POST = route(dlqOps.submitReplay, async ({ rt, body, principal, audit }) => {
  audit.target = `topic:${body.sourceTopic}`;
  const access = payloadAccess(principal.role, rt.config.dlqPayloadRole);
  if (body.filter) assertTextFilterAllowed(access, principal.role, body.filter);
  const r = await submitReplay({
    kafka: rt.kafka,
    db: rt.db.prisma,
    scope: rt.config.dlqScope,
    req: body,
    principal,
    kick: () => void rt.runner.tick().catch(() => undefined),
  });
  const { answer, auditDetail } = replayAnswer(r, access);
  audit.detail = auditDetail;
  if (r.dryRun) return Response.json(answer, { status: 200, headers: { "cache-control": "no-store" } });
  return r;
});
