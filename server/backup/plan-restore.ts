import "server-only";
import { existsSync } from "node:fs";
import { ConflictError, NotFoundError } from "../errors.ts";
import { planCatalogRestore } from "./catalog-postgres.ts";
import type { Backup, RestoreItem, RestorePlan } from "./contract.ts";
import { EXCLUDED_TABLES, planControlPlaneRestore } from "./control-plane.ts";
import type { BackupDeps } from "./deps.ts";
import { listAll } from "./s3-mirror.ts";

const MAX_ITEMS = 500;

/** What a restore of `b` writes to, and the word a user types to confirm it. */
export function restoreTarget(b: Backup): { target: string; confirmWith: string } {
  const s = b.source;
  if (s.kind === "s3") return { target: `s3://${s.bucket}/${s.prefix}`, confirmWith: s.bucket };
  if (s.kind === "catalog-postgres")
    return {
      target: `database ${s.database ?? "(POSTGRES_DB)"} of ${s.stack}/${s.service}`,
      confirmWith: `${s.stack}/${s.service}`,
    };
  return { target: "this control plane's database", confirmWith: "control-plane" };
}

/** The dry run: what a restore would overwrite, create or leave alone; nothing changes. */
export async function planRestore(deps: BackupDeps, b: Backup, signal: AbortSignal): Promise<RestorePlan> {
  if (b.status !== "succeeded")
    throw new ConflictError(`backup ${b.id} is ${b.status}: only a complete backup restores`);
  if (b.kind !== "s3" && !existsSync(b.location))
    throw new NotFoundError(`the backup file ${b.location} is gone (NEXUS_BACKUP_DIR)`);
  const notes: string[] = [];
  let items: RestoreItem[];
  if (b.source.kind === "s3") {
    items = await planS3(deps, b.source, signal);
    notes.push("Objects that are in the bucket but not in the backup stay.");
  } else if (b.source.kind === "catalog-postgres") {
    items = await planCatalogRestore(deps, b.source, b.location, signal);
    notes.push("pg_restore --clean: tables of the backup are dropped and recreated in one transaction; others stay.");
  } else {
    items = await planControlPlaneRestore(deps.db, b.location);
    notes.push(`Left alone: ${EXCLUDED_TABLES.join(", ")}. Rows added since the backup are deleted.`);
  }
  const sum = (a: RestoreItem["action"]) => items.filter((i) => i.action === a).length;
  const bytes = items.filter((i) => i.action !== "untouched").reduce((n, i) => n + (i.sizeBytes ?? 0), 0);
  const order = { overwrite: 0, create: 1, unchanged: 2, untouched: 3 } as const;
  items.sort((x, y) => order[x.action] - order[y.action] || x.name.localeCompare(y.name));
  return {
    backupId: b.id,
    kind: b.kind,
    ...restoreTarget(b),
    items: items.slice(0, MAX_ITEMS),
    truncated: items.length > MAX_ITEMS,
    totals: { overwrite: sum("overwrite"), create: sum("create"), unchanged: sum("unchanged"), bytes },
    notes,
  };
}

async function planS3(
  deps: BackupDeps,
  s: Extract<Backup["source"], { kind: "s3" }>,
  signal: AbortSignal,
): Promise<RestoreItem[]> {
  const [backup, now] = await Promise.all([
    listAll(deps.store, { bucket: s.targetBucket, prefix: s.targetPrefix }, signal),
    (await deps.store.bucketExists(s.bucket, signal))
      ? listAll(deps.store, { bucket: s.bucket, prefix: s.prefix }, signal)
      : new Map(),
  ]);
  const items: RestoreItem[] = [];
  for (const [rel, o] of backup) {
    const there = now.get(rel);
    const action = !there ? "create" : there.size === o.size && there.etag === o.etag ? "unchanged" : "overwrite";
    items.push({ name: s.prefix + rel, action, sizeBytes: o.size, rowsNow: null, rowsInBackup: null });
  }
  for (const [rel, o] of now)
    if (!backup.has(rel))
      items.push({ name: s.prefix + rel, action: "untouched", sizeBytes: o.size, rowsNow: null, rowsInBackup: null });
  return items;
}
