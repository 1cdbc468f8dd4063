import { route } from "@/server/http/route";
import { dlqOps } from "@/server/dlq/operations";
import { listReplays, submitReplay } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(dlqOps.replays, ({ rt, query }) => listReplays(rt.db.prisma, query));
export const POST = route(dlqOps.submitReplay, async ({ rt, body, principal, audit }) => {
  audit.target = `topic:${body.sourceTopic}`;
  const r = await submitReplay({
    kafka: rt.kafka, db: rt.db.prisma, scope: rt.config.dlqScope, req: body, principal, kick: () => void rt.runner.tick().catch(() => undefined),
  });
  if (r.dryRun) {
    audit.detail = { dryRun: true, total: r.plan.total };
    return Response.json(r, { status: 200, headers: { "cache-control": "no-store" } });
  }
  audit.detail = { replay: r.replay.id, mode: r.replay.mode, selected: r.replay.selected, targetTopic: r.replay.targetTopic };
  return r;
});
