import "server-only";
import type { Db } from "../adapters/db/index.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { Prisma } from "../../prisma/generated/client.ts";
import type { Job, JobList, JobListQuery, JobProgress, JobState } from "./contract.ts";

type JobRow = Awaited<ReturnType<Db["job"]["findFirstOrThrow"]>>;

export function toJobView(j: JobRow): Job {
  return {
    id: j.id,
    kind: j.kind,
    state: j.state as JobState,
    payload: j.payload,
    progress: (j.progress as JobProgress | null) ?? null,
    result: j.result ?? null,
    lastError: j.lastError,
    attempts: j.attempts,
    maxAttempts: j.maxAttempts,
    cancelRequested: j.cancelRequested,
    createdBy: j.createdBy,
    createdAt: j.createdAt.toISOString(),
    updatedAt: j.updatedAt.toISOString(),
    runAt: j.runAt.toISOString(),
    startedAt: j.startedAt?.toISOString() ?? null,
    finishedAt: j.finishedAt?.toISOString() ?? null,
  };
}

/** Queues a job. With `dedupe`, returns the existing queued or running job of the same kind instead. */
export async function enqueueJob(
  db: Db,
  opts: {
    kind: string;
    payload: Record<string, unknown>;
    maxAttempts?: number;
    createdBy?: string;
    dedupe?: boolean;
    runAt?: Date;
  },
): Promise<Job> {
  if (opts.dedupe) {
    const existing = await db.job.findFirst({ where: { kind: opts.kind, state: { in: ["queued", "running"] } } });
    if (existing) return toJobView(existing);
  }
  const row = await db.job.create({
    data: {
      kind: opts.kind,
      payload: opts.payload as Prisma.InputJsonObject,
      maxAttempts: opts.maxAttempts ?? 3,
      createdBy: opts.createdBy ?? null,
      runAt: opts.runAt ?? new Date(),
    },
  });
  return toJobView(row);
}

export async function getJob(db: Db, id: string): Promise<Job> {
  const row = await db.job.findUnique({ where: { id } });
  if (!row) throw new NotFoundError(`job ${id} does not exist`);
  return toJobView(row);
}

export async function listJobs(db: Db, q: JobListQuery): Promise<JobList> {
  const rows = await db.job.findMany({
    where: { state: q.state, kind: q.kind },
    orderBy: { createdAt: "desc" },
    take: q.limit,
  });
  return { jobs: rows.map(toJobView) };
}

/**
 * Cancels a job: a queued one at once; a running one is asked to stop and its runner marks it
 * cancelled at its next heartbeat. Finished jobs cannot be cancelled.
 */
export async function cancelJob(db: Db, id: string): Promise<Job> {
  const queued = await db.job.updateMany({
    where: { id, state: "queued" },
    data: { state: "cancelled", cancelRequested: true, finishedAt: new Date() },
  });
  if (queued.count === 0) {
    const running = await db.job.updateMany({ where: { id, state: "running" }, data: { cancelRequested: true } });
    if (running.count === 0) {
      const job = await getJob(db, id);
      throw new ConflictError(`job ${id} is already ${job.state}`);
    }
  }
  return getJob(db, id);
}
