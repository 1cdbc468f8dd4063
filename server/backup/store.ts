import "server-only";
import type { Db } from "../adapters/db/index.ts";
import { NotFoundError } from "../errors.ts";
import { Backup, BackupSource, type BackupListQuery, type BackupStatus } from "./contract.ts";

type BackupRow = Awaited<ReturnType<Db["backup"]["findFirstOrThrow"]>>;

export function toBackupView(r: BackupRow): Backup {
  return Backup.parse({
    ...r,
    source: BackupSource.parse(r.source),
    sizeBytes: Number(r.sizeBytes),
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    restoredAt: r.restoredAt?.toISOString() ?? null,
  });
}

export async function listBackups(db: Db, query: BackupListQuery): Promise<{ backups: Backup[] }> {
  const rows = await db.backup.findMany({
    where: query.kind ? { kind: query.kind } : {},
    orderBy: { createdAt: "desc" },
    take: query.limit,
  });
  return { backups: rows.map(toBackupView) };
}

export async function getBackup(db: Db, id: string): Promise<Backup> {
  const row = await db.backup.findUnique({ where: { id } });
  if (!row) throw new NotFoundError(`backup ${id} does not exist`);
  return toBackupView(row);
}

/** Records how a run ended (or that it runs again after a restart). */
export async function markBackup(
  db: Db,
  id: string,
  patch: { status: BackupStatus; sizeBytes?: number; objectCount?: number; error?: string | null },
): Promise<void> {
  const finished = patch.status !== "running" && patch.status !== "queued";
  await db.backup.update({
    where: { id },
    data: {
      status: patch.status,
      ...(patch.sizeBytes !== undefined && { sizeBytes: BigInt(patch.sizeBytes) }),
      ...(patch.objectCount !== undefined && { objectCount: patch.objectCount }),
      ...(patch.error !== undefined && { error: patch.error }),
      finishedAt: finished ? new Date() : null,
    },
  });
}
