import { route } from "@/server/http/route";
import { runSwarmServiceOperation } from "@/server/stack";
import { stackOps } from "@/server/stack/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(stackOps.scale, async ({ rt, params, query, body, principal, audit }) => {
  audit.target = `stack:${params.name}/${params.service}`;
  const r = await runSwarmServiceOperation({
    db: rt.db.prisma,
    engine: rt.engine,
    kind: "stack.scale",
    template: params.name,
    service: params.service,
    payload: { replicas: body.replicas },
    principal,
    wait: query.wait,
    timeoutSeconds: query.timeoutSeconds,
    kick: () => void rt.runner.tick().catch(() => undefined),
  });
  audit.detail = { replicas: body.replicas, job: r.job.id, state: r.job.state };
  return query.wait ? Response.json(r, { status: 200, headers: { "cache-control": "no-store" } }) : r;
});
