import { route } from "@/server/http/route";
import { runServiceOperation } from "@/server/stack";
import { stackOps } from "@/server/stack/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(stackOps.service, async ({ rt, params, query, principal, audit }) => {
  audit.target = `stack:${params.name}/${params.service}`;
  const r = await runServiceOperation({
    db: rt.db.prisma,
    engine: rt.engine,
    template: params.name,
    service: params.service,
    action: params.action,
    principal,
    wait: query.wait,
    timeoutSeconds: query.timeoutSeconds,
    kick: () => void rt.runner.tick().catch(() => undefined),
  });
  audit.detail = { action: params.action, job: r.job.id, state: r.job.state };
  return query.wait ? Response.json(r, { status: 200, headers: { "cache-control": "no-store" } }) : r;
});
