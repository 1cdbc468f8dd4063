import "server-only";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { PrismaClient } from "../../../prisma/generated/client.ts";
import { lockDataDir } from "./dir-lock.ts";

export type Db = PrismaClient;
export type DatabaseKind = "pglite" | "postgresql";

/**
 * Raw SQL in one transaction: migrations (multi-statement scripts need the simple query protocol) and hot paths
 * where Prisma's per-query cost dominates (the lineage ingest). Rows come as the driver gives them.
 */
export type SqlTx = {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Statements without parameters (simple protocol; inline values with `jsonLiteral`), returning the rows of the
   * last one. On PostgreSQL, the transaction's BEGIN travels with it when it is the transaction's first call.
   */
  script<T>(sql: string): Promise<T[]>;
  /** `script`, then COMMIT, in one round trip on PostgreSQL: the transaction ends with it. */
  commitWith(sql: string): Promise<void>;
};

/**
 * A JSON text as a jsonb literal for `script`: dollar-quoted with a tag the text does not contain, so nothing in
 * it is read as SQL.
 */
export function jsonLiteral(json: string): string {
  let tag = "j";
  while (json.includes(`$${tag}$`)) tag += Math.random().toString(36).slice(2, 6);
  return `$${tag}$${json}$${tag}$::jsonb`;
}

export type DbHandle = {
  prisma: Db;
  kind: DatabaseKind;
  /** `advisoryLock`: taken for the transaction, in the same round trip as BEGIN (serializes writers across processes). */
  transaction<T>(fn: (tx: SqlTx) => Promise<T>, opts?: { advisoryLock?: number }): Promise<T>;
  close: () => Promise<void>;
};

/**
 * One Prisma client per process. PostgreSQL through @prisma/adapter-pg when DATABASE_URL is set,
 * otherwise PGlite in `<dataDir>/pglite` (a PGlite directory may be open in one process only).
 */
export async function createDb(opts: { databaseUrl?: string; dataDir: string }): Promise<DbHandle> {
  if (opts.databaseUrl) return createPostgres(opts.databaseUrl);
  return createPglite(opts.dataDir);
}

/** "; SELECT pg_advisory_xact_lock(n)" to append to BEGIN, or "". */
function lockSql(opts: { advisoryLock?: number } | undefined): string {
  const n = opts?.advisoryLock;
  if (n === undefined) return "";
  if (!Number.isSafeInteger(n)) throw new Error(`advisory lock id must be an integer, got ${n}`);
  return `; SELECT pg_advisory_xact_lock(${n})`;
}

async function createPostgres(url: string): Promise<DbHandle> {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const pg = (await import("pg")).default;
  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 }),
  });
  // Raw SQL transactions (migrations, the lineage ingest's batches) share a small pool of their own.
  let pool: InstanceType<typeof pg.Pool> | undefined;
  return {
    prisma,
    kind: "postgresql",
    async transaction(fn, opts) {
      pool ??= new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5000 });
      const client = await pool.connect();
      // BEGIN goes with the first statement when that is a script; COMMIT with commitWith's, or after fn.
      const at: { state: "idle" | "open" | "committed" } = { state: "idle" };
      const begin = `BEGIN${lockSql(opts)}; `;
      const run = async (sql: string) => {
        const prefix = at.state === "idle" ? begin : "";
        at.state = "open";
        const r = (await client.query(prefix + sql)) as unknown as { rows: unknown[] } | { rows: unknown[] }[];
        return Array.isArray(r) ? (r[r.length - 1]?.rows ?? []) : r.rows;
      };
      const tx: SqlTx = {
        query: async <T>(sql: string, params: unknown[] = []) => {
          if (at.state === "idle") await run("SELECT 1");
          return (await client.query(sql, params)).rows as T[];
        },
        script: async <T>(sql: string) => (await run(sql)) as T[],
        commitWith: async (sql) => {
          await run(`${sql}; COMMIT`);
          at.state = "committed";
        },
      };
      let broken = false;
      try {
        const result = await fn(tx);
        if (at.state === "open") await client.query("COMMIT");
        return result;
      } catch (e) {
        if (at.state !== "idle")
          await client.query("ROLLBACK").catch(() => {
            broken = true;
          });
        throw e;
      } finally {
        client.release(broken);
      }
    },
    close: async () => {
      await prisma.$disconnect();
      await pool?.end();
    },
  };
}

async function createPglite(dataDir: string): Promise<DbHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const release = lockDataDir(dir);
  const pglite = new PGlite(join(dir, "pglite"));
  try {
    await pglite.waitReady;
  } catch (e) {
    release();
    throw e;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    prisma,
    kind: "pglite",
    transaction: (fn, opts) =>
      pglite.transaction(async (tx) => {
        if (opts?.advisoryLock !== undefined) await tx.exec(lockSql(opts).slice(2));
        const script = async <T>(sql: string) => ((await tx.exec(sql)).at(-1)?.rows ?? []) as T[];
        return fn({
          query: async <T>(sql: string, params: unknown[] = []) => (await tx.query<T>(sql, params)).rows,
          script,
          // PGlite's transaction commits when fn returns.
          commitWith: async (sql: string) => void (await script(sql)),
        });
      }),
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
      release();
    },
  };
}
