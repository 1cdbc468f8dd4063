import "server-only";
import type { Db } from "../adapters/db/index.ts";
import { hasRole, type Principal } from "../auth/index.ts";
import { ForbiddenError } from "../errors.ts";
import type { Job } from "./contract.ts";
import { cancelJob, getJob } from "./queue.ts";
import type { JobHandler } from "./types.ts";

/**
 * Cancels a job for a user. System jobs (the handler's cancelRole, or any job the app queued itself) need an admin:
 * cancelling the maintenance job stops retention and session clean-up until the next start.
 */
export async function cancelJobAs(opts: {
  db: Db;
  handlers: readonly JobHandler[];
  id: string;
  principal: Principal;
}): Promise<Job> {
  const job = await getJob(opts.db, opts.id);
  const handler = opts.handlers.find((h) => h.kind === job.kind);
  const isSystem = job.createdBy === null || handler?.cancelRole === "admin";
  if (isSystem && !hasRole(opts.principal.role, "admin")) {
    throw new ForbiddenError(
      `job ${job.id} (${job.kind}) is a system job queued by the server: cancelling it needs the admin role; you have ${opts.principal.role}`,
    );
  }
  return cancelJob(opts.db, opts.id);
}
