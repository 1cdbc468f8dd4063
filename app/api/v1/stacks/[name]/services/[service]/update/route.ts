import { route } from "@/server/http/route";
import { runSwarmServiceOperation } from "@/server/stack";
import { stackOps } from "@/server/stack/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(stackOps.update, async ({ rt, params, query, body, principal, audit }) => {
  audit.target = `stack:${params.name}/${params.service}`;
  const r = await runSwarmServiceOperation({
    db: rt.db.prisma,
    engine: rt.engine,
    kind: "stack.update",
    template: params.name,
    service: params.service,
    payload: { image: body.image, env: body.env },
    principal,
    wait: query.wait,
    timeoutSeconds: query.timeoutSeconds,
    kick: () => void rt.runner.tick().catch(() => undefined),
  });
  // The variables' names only: their values may be secrets.
  audit.detail = { image: body.image ?? null, env: Object.keys(body.env ?? {}), job: r.job.id, state: r.job.state };
  return query.wait ? Response.json(r, { status: 200, headers: { "cache-control": "no-store" } }) : r;
});
