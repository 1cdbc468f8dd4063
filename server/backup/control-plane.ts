import "server-only";
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { rename, stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import { createGunzip, createGzip } from "node:zlib";
import type { DbHandle, SqlTx } from "../adapters/db/index.ts";
import { ValidationError } from "../errors.ts";
import type { RestoreItem } from "./contract.ts";

/**
 * Tables a backup of the app's own database leaves out, and a restore leaves alone: the migration history, the
 * sessions of who is signed in now, the append-only audit trail, the job queue running the restore itself, the
 * backups' own records (so a restore does not forget backups taken after it), and the sign-in counters of now (a
 * restore must neither lift a lock-out nor bring back an old one).
 */
export const EXCLUDED_TABLES = [
  "_prisma_migrations",
  "Session",
  "AuditEvent",
  "Job",
  "Backup",
  "BackupSchedule",
  "LoginRateLimit",
];
const FORMAT = "nexus-control-plane/1";
/** Parents before children, for the inserts of a restore (foreign keys). */
const PARENTS_FIRST = ["User", "DlqReplay"];

type Header = { format: string; migrations: string[]; tables: Record<string, number> };

async function tablesOf(tx: SqlTx): Promise<string[]> {
  const rows = await tx.query<{ t: string }>(
    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
  );
  const names = rows.map((r) => r.t).filter((t) => !EXCLUDED_TABLES.includes(t));
  return [...PARENTS_FIRST.filter((t) => names.includes(t)), ...names.filter((t) => !PARENTS_FIRST.includes(t))];
}

async function migrationsOf(tx: SqlTx): Promise<string[]> {
  const rows = await tx.query<{ m: string }>(
    "SELECT migration_name AS m FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY 1",
  );
  return rows.map((r) => r.m);
}

const q = (t: string) => `"${t.replace(/"/g, '""')}"`;

/**
 * One consistent snapshot of every table but EXCLUDED_TABLES (one REPEATABLE READ transaction; PGlite serves one
 * connection anyway), as gzip JSON lines: a header, then {table, row} per row. Works the same on PGlite and PostgreSQL,
 * and restores into a running server, which a copy of PGlite's data directory could not.
 */
export async function dumpControlPlane(db: DbHandle, file: string): Promise<{ size: number; rows: number }> {
  const partial = `${file}.partial`;
  const gz = createGzip();
  const done = once(gz.pipe(createWriteStream(partial)), "finish");
  let rows = 0;
  await db.transaction(async (tx) => {
    await tx.script("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    const tables = await tablesOf(tx);
    const data = new Map<string, string[]>();
    for (const t of tables)
      data.set(
        t,
        (await tx.query<{ j: string }>(`SELECT row_to_json(x)::text AS j FROM ${q(t)} x`)).map((r) => r.j),
      );
    const header: Header = {
      format: FORMAT,
      migrations: await migrationsOf(tx),
      tables: Object.fromEntries([...data].map(([t, r]) => [t, r.length])),
    };
    gz.write(`${JSON.stringify(header)}\n`);
    for (const [t, list] of data)
      for (const j of list) {
        rows++;
        if (!gz.write(`{"table":${JSON.stringify(t)},"row":${j}}\n`)) await once(gz, "drain");
      }
  });
  gz.end();
  await done;
  await rename(partial, file);
  return { size: (await stat(file)).size, rows };
}

async function* readDump(file: string): AsyncGenerator<Header | { table: string; row: unknown }> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield JSON.parse(line) as Header | { table: string; row: unknown };
}

async function readHeader(file: string): Promise<Header> {
  for await (const first of readDump(file)) {
    if ((first as Header).format === FORMAT) return first as Header;
    break;
  }
  throw new ValidationError(`${file} is not a control-plane backup`);
}

/** Row counts now against the backup, and a refusal when the schema has moved on since the backup. */
export async function planControlPlaneRestore(db: DbHandle, file: string): Promise<RestoreItem[]> {
  const header = await readHeader(file);
  return db.transaction(async (tx) => {
    assertSameSchema(header.migrations, await migrationsOf(tx));
    const items: RestoreItem[] = [];
    for (const t of await tablesOf(tx)) {
      const [now] = await tx.query<{ n: number; s: number }>(
        `SELECT count(*)::int AS n, pg_total_relation_size('${q(t)}')::float8 AS s FROM ${q(t)}`,
      );
      items.push({
        name: `public.${t}`,
        action: "overwrite",
        sizeBytes: now?.s ?? null,
        rowsNow: now?.n ?? null,
        rowsInBackup: header.tables[t] ?? 0,
      });
    }
    return items;
  });
}

function assertSameSchema(inBackup: string[], now: string[]): void {
  if (inBackup.join() !== now.join())
    throw new ValidationError(
      `the backup was taken at migration ${inBackup.at(-1) ?? "(none)"}, the database is at ${now.at(-1) ?? "(none)"}: restore it into a server of that version`,
    );
}

/**
 * Replaces the rows of every backed-up table in one transaction: rows absent from the backup are deleted, the others
 * written as they were (upsert on the primary key, so the sessions of users who still exist survive).
 */
export async function restoreControlPlane(db: DbHandle, file: string): Promise<number> {
  const header = await readHeader(file);
  const byTable = new Map<string, unknown[]>();
  for await (const line of readDump(file))
    if ("table" in line) (byTable.get(line.table) ?? byTable.set(line.table, []).get(line.table))?.push(line.row);
  let rows = 0;
  await db.transaction(async (tx) => {
    assertSameSchema(header.migrations, await migrationsOf(tx));
    for (const t of await tablesOf(tx)) rows += await replaceTable(tx, t, byTable.get(t) ?? []);
  });
  return rows;
}

async function replaceTable(tx: SqlTx, t: string, rows: unknown[]): Promise<number> {
  const keys = (
    await tx.query<{ c: string }>(
      `SELECT a.attname AS c FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
       WHERE i.indrelid = '${q(t)}'::regclass AND i.indisprimary`,
    )
  ).map((r) => q(r.c));
  const cols = (
    await tx.query<{ c: string }>(
      "SELECT column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1",
      [t],
    )
  ).map((r) => q(r.c));
  await tx.query(`CREATE TEMP TABLE _restore ON COMMIT DROP AS SELECT * FROM ${q(t)} WITH NO DATA`);
  for (let i = 0; i < rows.length; i += 2000)
    await tx.query(`INSERT INTO _restore SELECT * FROM json_populate_recordset(NULL::${q(t)}, $1::json)`, [
      JSON.stringify(rows.slice(i, i + 2000)),
    ]);
  if (!keys.length) {
    await tx.query(`DELETE FROM ${q(t)}`);
    await tx.query(`INSERT INTO ${q(t)} SELECT * FROM _restore`);
    await tx.query("DROP TABLE _restore");
    return rows.length;
  }
  const match = keys.map((k) => `r.${k} = x.${k}`).join(" AND ");
  await tx.query(`DELETE FROM ${q(t)} x WHERE NOT EXISTS (SELECT 1 FROM _restore r WHERE ${match})`);
  const update = cols.filter((c) => !keys.includes(c)).map((c) => `${c} = EXCLUDED.${c}`);
  await tx.query(
    `INSERT INTO ${q(t)} SELECT * FROM _restore ON CONFLICT (${keys.join(", ")}) DO ${update.length ? `UPDATE SET ${update.join(", ")}` : "NOTHING"}`,
  );
  await tx.query("DROP TABLE _restore");
  return rows.length;
}
