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
  exec(script: string): Promise<void>;
};

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
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 }) });
  // Raw SQL transactions (migrations, the lineage ingest's batches) share a small pool of their own.
  let pool: InstanceType<typeof pg.Pool> | undefined;
  return {
    prisma,
    kind: "postgresql",
    async transaction(fn, opts) {
      pool ??= new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5000 });
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query(`BEGIN${lockSql(opts)}`);
        const result = await fn({
          query: async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[],
          exec: async (script: string) => void (await client.query(script)),
        });
        await client.query("COMMIT");
        return result;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => { broken = true; });
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
        return fn({
          query: async <T>(sql: string, params: unknown[] = []) => (await tx.query<T>(sql, params)).rows,
          exec: async (script: string) => void (await tx.exec(script)),
        });
      }),
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
      release();
    },
  };
}
