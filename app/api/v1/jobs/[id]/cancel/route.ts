import { route } from "@/server/http/route";
import { cancelJob } from "@/server/jobs";
import { jobOps } from "@/server/jobs/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(jobOps.cancel, async ({ rt, params, audit }) => {
  audit.target = `job:${params.id}`;
  const job = await cancelJob(rt.db.prisma, params.id);
  rt.runner.nudge(job.id); // running here: stop now rather than at the next heartbeat
  return job;
});
