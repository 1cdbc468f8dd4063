import "server-only";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { JobContext } from "../jobs/index.ts";
import { dumpCatalog } from "./catalog-postgres.ts";
import type { Backup } from "./contract.ts";
import { dumpControlPlane } from "./control-plane.ts";
import type { BackupDeps } from "./deps.ts";
import { mirror } from "./s3-mirror.ts";

type Outcome = { sizeBytes: number; objectCount: number };

/** Where a new backup goes: a file under NEXUS_BACKUP_DIR, or the source's target bucket and prefix. */
export function locationFor(backupDir: string, id: string, source: Backup["source"], at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, "").replace(/\..*/, "Z");
  if (source.kind === "s3") return `s3://${source.targetBucket}/${source.targetPrefix}`;
  const ext = source.kind === "catalog-postgres" ? "dump" : "jsonl.gz";
  return join(resolve(backupDir), source.kind, `${stamp}-${id}.${ext}`);
}

/** Runs one backup; the job reports progress and the caller records the outcome. */
export async function runBackup(deps: BackupDeps, b: Backup, ctx: JobContext<unknown>): Promise<Outcome> {
  const src = b.source;
  if (src.kind === "s3") {
    const t = await mirror({
      store: deps.store,
      from: { bucket: src.bucket, prefix: src.prefix },
      to: { bucket: src.targetBucket, prefix: src.targetPrefix },
      signal: ctx.signal,
      onProgress: (tally, total) =>
        ctx.progress({
          done: tally.bytes,
          total,
          message: `${tally.copied + tally.unchanged}/${tally.objects} objects (${tally.unchanged} unchanged)`,
        }),
    });
    return { sizeBytes: t.bytes, objectCount: t.objects };
  }
  await mkdir(join(resolve(deps.backupDir), src.kind), { recursive: true });
  if (src.kind === "catalog-postgres") {
    await ctx.progress({ done: 0, total: 1, message: `pg_dump in ${src.stack}/${src.service}` });
    const size = await dumpCatalog(deps, src, b.location, ctx.signal);
    await ctx.progress({ done: 1, total: 1, message: `dumped ${size} bytes` });
    return { sizeBytes: size, objectCount: 1 };
  }
  await ctx.progress({ done: 0, total: 1, message: "copying the control plane's tables" });
  const { size, rows } = await dumpControlPlane(deps.db, b.location);
  await ctx.progress({ done: 1, total: 1, message: `${rows} rows, ${size} bytes` });
  return { sizeBytes: size, objectCount: rows };
}
