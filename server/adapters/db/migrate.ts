import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { DbHandle } from "./client.ts";

export type Migration = { name: string; sql: string; checksum: string };

/** Same table and checksum as Prisma's CLI, so `prisma migrate status` agrees with what we applied. */
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;
// Several app instances may share one PostgreSQL: only one of them migrates at a time.
const LOCK_ID = 72707369;

export function defaultMigrationsDir(): string {
  return resolve(/*turbopackIgnore: true*/ process.cwd(), "prisma", "migrations");
}

export function readMigrations(dir = defaultMigrationsDir()): Migration[] {
  // Read at run time from the deployed tree; the ignore comments keep Next's file tracer from bundling the project.
  if (!existsSync(/*turbopackIgnore: true*/ dir)) return [];
  return readdirSync(/*turbopackIgnore: true*/ dir)
    .filter((d) => existsSync(/*turbopackIgnore: true*/ join(dir, d, "migration.sql")))
    .sort()
    .map((name) => {
      const sql = readFileSync(/*turbopackIgnore: true*/ join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export class MigrationError extends Error {}

type AppliedRow = { migration_name: string; checksum: string; finished_at: Date | null };

/** Applies pending migrations in order in one transaction (all or nothing). Returns the names applied. */
export async function applyMigrations(db: DbHandle, migrations = readMigrations()): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${LOCK_ID})`);
    await tx.script(CREATE_TABLE);
    const rows = await tx.query<AppliedRow>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((r) => [r.migration_name, r]));
    const applied: string[] = [];
    for (const m of migrations) {
      const row = done.get(m.name);
      if (row) {
        if (!row.finished_at) throw new MigrationError(`migration ${m.name} failed earlier and needs manual repair`);
        if (row.checksum !== m.checksum)
          throw new MigrationError(`migration ${m.name} was modified after it was applied`);
        continue;
      }
      await tx.script(m.sql);
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), now(), 1)`,
        [randomUUID(), m.checksum, m.name],
      );
      applied.push(m.name);
    }
    return applied;
  });
}

/** Names of migrations on disk that the database has not applied yet (all of them if none ran). */
export async function pendingMigrations(db: DbHandle, migrations = readMigrations()): Promise<string[]> {
  const rows = await db.prisma
    .$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    )
    .catch(() => []);
  const done = new Set(rows.map((r) => r.migration_name));
  return migrations.filter((m) => !done.has(m.name)).map((m) => m.name);
}
