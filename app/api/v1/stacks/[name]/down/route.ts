import { route } from "@/server/http/route";
import { assertMayRemoveVolumes, runStackOperation } from "@/server/stack";
import { stackOps } from "@/server/stack/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(stackOps.down, async ({ rt, params, query, principal, audit }) => {
  audit.target = `stack:${params.name}`;
  audit.detail = { volumes: query.volumes };
  if (query.volumes) assertMayRemoveVolumes({ principal, stack: params.name, confirm: query.confirm });
  const r = await runStackOperation({
    db: rt.db.prisma,
    engine: rt.engine,
    kind: "stack.down",
    template: params.name,
    principal,
    payload: { volumes: query.volumes },
    wait: query.wait,
    timeoutSeconds: query.timeoutSeconds,
    kick: () => void rt.runner.tick().catch(() => undefined),
  });
  audit.detail = { volumes: query.volumes, job: r.job.id, state: r.job.state };
  // Waited for: the operation is done, not merely accepted.
  return query.wait ? Response.json(r, { status: 200, headers: { "cache-control": "no-store" } }) : r;
});
