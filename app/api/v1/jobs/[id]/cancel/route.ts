import { route } from "@/server/http/route";
import { cancelJobAs } from "@/server/jobs";
import { jobOps } from "@/server/jobs/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(jobOps.cancel, async ({ rt, params, principal, audit }) => {
  audit.target = `job:${params.id}`;
  const job = await cancelJobAs({ db: rt.db.prisma, handlers: rt.jobHandlers, id: params.id, principal });
  rt.runner.nudge(job.id); // running here: stop now rather than at the next heartbeat
  return job;
});
