import { submitRestore } from "@/server/backup";
import { backupOps } from "@/server/backup/operations";
import { route } from "@/server/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A dry run lists the target's tables or objects: bounded so that a slow target answers 503, not a hung request. */
const PLAN_DEADLINE_MS = 60_000;

export const POST = route(backupOps.restore, async ({ req, rt, params, body, principal, audit }) => {
  audit.target = `backup:${params.id}`;
  audit.detail = { dryRun: body.dryRun };
  const signal = AbortSignal.any([req.signal, AbortSignal.timeout(PLAN_DEADLINE_MS)]);
  const result = await submitRestore(rt.backup, { id: params.id, body, createdBy: principal.userId, signal });
  audit.detail = { dryRun: body.dryRun, target: result.plan.target, jobId: result.jobId, totals: result.plan.totals };
  if (result.jobId) void rt.runner.tick().catch(() => undefined);
  return result;
});
