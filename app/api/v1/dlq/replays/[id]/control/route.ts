import { route } from "@/server/http/route";
import { dlqOps } from "@/server/dlq/operations";
import { controlReplay } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(dlqOps.control, async ({ rt, params, body, audit }) => {
  audit.target = `replay:${params.id}`;
  audit.detail = { action: body.action };
  const r = await controlReplay(rt.db.prisma, params.id, body.action);
  if (body.action === "cancel" && r.jobId) rt.runner.nudge(r.jobId); // running here: stop now rather than at the next heartbeat
  return r;
});
