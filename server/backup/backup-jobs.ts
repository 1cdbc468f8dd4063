import "server-only";
import { z } from "zod";
import { defineJobHandler, PermanentJobError, type JobContext } from "../jobs/index.ts";
import { AppError } from "../errors.ts";
import { restoreCatalog } from "./catalog-postgres.ts";
import { restoreControlPlane } from "./control-plane.ts";
import type { BackupDeps } from "./deps.ts";
import { runBackup } from "./run-backup.ts";
import { mirror } from "./s3-mirror.ts";
import { getBackup, markBackup } from "./store.ts";

const Payload = z.object({ backupId: z.string().min(1).max(64) });

/** 4xx errors (a missing bucket or container, a schema mismatch) do not pass by retrying. */
function permanent(e: unknown): unknown {
  return e instanceof AppError && e.status < 500 ? new PermanentJobError(e.message) : e;
}

/**
 * `backup.run`: takes the backup a request or a schedule recorded. Resumable: a run picked up after a restart
 * starts the dump again (same file name) or copies only the objects the mirror still lacks.
 */
export function createBackupJob(deps: BackupDeps) {
  return defineJobHandler({
    kind: "backup.run",
    payload: Payload,
    maxAttempts: 3,
    async run(ctx) {
      const b = await getBackup(ctx.db, ctx.payload.backupId);
      await markBackup(ctx.db, b.id, { status: "running", error: null });
      try {
        const out = await runBackup(deps, b, ctx as JobContext<unknown>);
        await markBackup(ctx.db, b.id, { status: "succeeded", ...out });
        return out;
      } catch (e) {
        const status = ctx.signal.aborted ? "cancelled" : "failed";
        await markBackup(ctx.db, b.id, { status, error: e instanceof Error ? e.message : String(e) });
        throw permanent(e);
      }
    },
  });
}

/** `backup.restore`: writes a backup back to where it came from (admins only, after a dry run and confirmation). */
export function createRestoreJob(deps: BackupDeps) {
  return defineJobHandler({
    kind: "backup.restore",
    payload: Payload,
    cancelRole: "admin",
    maxAttempts: 2,
    async run(ctx) {
      const b = await getBackup(ctx.db, ctx.payload.backupId);
      const src = b.source;
      try {
        let restored: number;
        await ctx.progress({ done: 0, total: null, message: `restoring ${b.location}` });
        if (src.kind === "s3") {
          const t = await mirror({
            store: deps.store,
            from: { bucket: src.targetBucket, prefix: src.targetPrefix },
            to: { bucket: src.bucket, prefix: src.prefix },
            signal: ctx.signal,
            onProgress: (tally, total) =>
              ctx.progress({ done: tally.bytes, total, message: `${tally.copied} objects written back` }),
          });
          restored = t.copied;
        } else if (src.kind === "catalog-postgres") {
          await restoreCatalog(deps, src, b.location, ctx.signal);
          restored = 1;
        } else restored = await restoreControlPlane(deps.db, b.location);
        await ctx.db.backup.update({ where: { id: b.id }, data: { restoredAt: new Date() } });
        await ctx.progress({ done: 1, total: 1, message: `restored (${restored} written)` });
        return { restored };
      } catch (e) {
        throw permanent(e);
      }
    },
  });
}
