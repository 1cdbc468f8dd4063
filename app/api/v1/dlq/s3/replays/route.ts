import { route } from "@/server/http/route";
import { dlqS3Ops } from "@/server/dlq/operations";
import { assertTextFilterAllowed, hidePayloads, payloadAccess, submitS3Replay } from "@/server/dlq";

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
  if (r.dryRun) {
    audit.detail = { dryRun: true, total: r.plan.total };
    // The dry run's samples are decoded messages: below NEXUS_DLQ_PAYLOAD_ROLE they keep only their metadata.
    const plan = access.shown
      ? r.plan
      : { ...r.plan, byTarget: r.plan.byTarget.map((t) => ({ ...t, samples: t.samples.map(hidePayloads) })) };
    return Response.json({ ...r, plan }, { status: 200, headers: { "cache-control": "no-store" } });
  }
  audit.detail = {
    replay: r.replay.id,
    mode: r.replay.mode,
    selected: r.replay.selected,
    targetTopic: r.replay.targetTopic,
  };
  return r;
});
