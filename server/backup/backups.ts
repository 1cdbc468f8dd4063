import "server-only";
import { enqueueJob } from "../jobs/index.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import { findServiceContainer } from "./catalog-postgres.ts";
import type { Backup, BackupSource, RestoreBody, RestoreResult } from "./contract.ts";
import type { BackupDeps } from "./deps.ts";
import { planRestore } from "./plan-restore.ts";
import { locationFor } from "./run-backup.ts";
import { getBackup, toBackupView } from "./store.ts";

/**
 * Records a backup and queues its `backup.run` job (on demand, or by a schedule). On demand (`check`), a source that
 * cannot work is refused at once: a missing bucket or container is a 404, an S3 server or Docker that does not
 * answer a 503. A scheduled run is always recorded, so that its failure shows in the list.
 */
export async function submitBackup(
  deps: Pick<BackupDeps, "db" | "backupDir"> & Partial<Pick<BackupDeps, "store" | "engine">>,
  opts: { source: BackupSource; createdBy?: string; scheduleId?: string; check?: boolean },
): Promise<Backup> {
  if (opts.check) await checkSource(deps, opts.source);
  const db = deps.db.prisma;
  const id = crypto.randomUUID();
  const now = new Date();
  await db.backup.create({
    data: {
      id,
      kind: opts.source.kind,
      source: opts.source,
      location: locationFor(deps.backupDir, id, opts.source, now),
      createdAt: now,
      createdBy: opts.createdBy ?? null,
      scheduleId: opts.scheduleId ?? null,
    },
  });
  // A scheduled run is the app's own job (no user): only an admin may cancel it.
  const createdBy = opts.scheduleId ? undefined : opts.createdBy;
  const job = await enqueueJob(db, { kind: "backup.run", payload: { backupId: id }, createdBy });
  return toBackupView(await db.backup.update({ where: { id }, data: { jobId: job.id } }));
}

/**
 * The dry run, or (dryRun false, `confirm` equal to the plan's confirmWith) the plan and a queued `backup.restore`
 * job. The plan is made again before queuing, so a confirmation never covers a stale summary.
 */
export async function submitRestore(
  deps: BackupDeps,
  opts: { id: string; body: RestoreBody; createdBy: string; signal: AbortSignal },
): Promise<RestoreResult> {
  const b = await getBackup(deps.db.prisma, opts.id);
  const plan = await planRestore(deps, b, opts.signal);
  if (opts.body.dryRun) return { plan, jobId: null };
  if (opts.body.confirm !== plan.confirmWith)
    throw new ValidationError("type the target's name to confirm the restore", [
      { path: "confirm", message: `must be "${plan.confirmWith}"` },
    ]);
  const running = await deps.db.prisma.job.findFirst({
    where: { kind: "backup.restore", state: { in: ["queued", "running"] } },
  });
  if (running) throw new ConflictError(`restore job ${running.id} is still ${running.state}`);
  const job = await enqueueJob(deps.db.prisma, {
    kind: "backup.restore",
    payload: { backupId: b.id },
    createdBy: opts.createdBy,
    maxAttempts: 2,
  });
  await deps.db.prisma.backup.update({ where: { id: b.id }, data: { restoreJobId: job.id } });
  return { plan, jobId: job.id };
}

async function checkSource(deps: Partial<Pick<BackupDeps, "store" | "engine">>, source: BackupSource): Promise<void> {
  if (source.kind === "s3" && deps.store && !(await deps.store.bucketExists(source.bucket)))
    throw new NotFoundError(`bucket ${source.bucket} does not exist`);
  if (source.kind === "catalog-postgres" && deps.engine) await findServiceContainer(deps.engine, source);
}
