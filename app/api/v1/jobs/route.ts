import { route } from "@/server/http/route";
import { listJobs, submitJob } from "@/server/jobs";
import { jobOps } from "@/server/jobs/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(jobOps.list, ({ rt, query }) => listJobs(rt.db.prisma, query));

export const POST = route(jobOps.submit, async ({ rt, body, principal, audit }) => {
  const job = await submitJob({ db: rt.db.prisma, handlers: rt.jobHandlers, body, principal });
  audit.target = `job:${job.id}`;
  audit.detail = { kind: job.kind };
  void rt.runner.tick().catch(() => undefined); // start now rather than at the next poll
  return job;
});
