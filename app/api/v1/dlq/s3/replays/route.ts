import { route } from "@/server/http/route";
import { dlqS3Ops } from "@/server/dlq/operations";
import { assertTextFilterAllowed, payloadAccess, replayAnswer, submitS3Replay } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(dlqS3Ops.s3Replay, async ({ rt, body, principal, audit }) => {
  audit.target = `s3:${rt.s3?.bucket ?? "-"}/${body.prefix}`;
  const access = payloadAccess(principal.role, rt.config.dlqPayloadRole);
  if (body.filter) assertTextFilterAllowed(access, principal.role, body.filter);
  const r = await submitS3Replay({
    kafka: rt.kafka,
    s3: rt.s3,
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
