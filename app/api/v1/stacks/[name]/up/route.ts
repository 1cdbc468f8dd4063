import { route } from "@/server/http/route";
import { runStackOperation } from "@/server/stack";
import { stackOps } from "@/server/stack/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(stackOps.up, async ({ rt, params, query, principal, audit }) => {
  audit.target = `stack:${params.name}`;
  const r = await runStackOperation({
    db: rt.db.prisma,
    engine: rt.engine,
    kind: "stack.up",
    template: params.name,
    principal,
    payload: { driver: query.driver },
    wait: query.wait,
    timeoutSeconds: query.timeoutSeconds,
    kick: () => void rt.runner.tick().catch(() => undefined),
  });
  audit.detail = { driver: query.driver, job: r.job.id, state: r.job.state };
  // Waited for: the operation is done, not merely accepted.
  return query.wait ? Response.json(r, { status: 200, headers: { "cache-control": "no-store" } }) : r;
});
