import { route } from "@/server/http/route";
import { dlqOps } from "@/server/dlq/operations";
import { assertTextFilterAllowed, hidePayloads, listReplays, payloadAccess, submitReplay } from "@/server/dlq";

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
