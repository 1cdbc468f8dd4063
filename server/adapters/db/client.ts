import "server-only";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { PrismaClient } from "../../../prisma/generated/client.ts";
import { lockDataDir } from "./dir-lock.ts";

export type Db = PrismaClient;
export type DatabaseKind = "pglite" | "postgresql";

/** Raw SQL in one transaction, for migrations: multi-statement scripts need the simple query protocol. */
export type SqlTx = {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  exec(script: string): Promise<void>;
};

export type DbHandle = {
  prisma: Db;
  kind: DatabaseKind;
  transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
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

async function createPostgres(url: string): Promise<DbHandle> {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const pg = (await import("pg")).default;
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 }) });
  return {
    prisma,
    kind: "postgresql",
    async transaction(fn) {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
      await client.connect();
      try {
        await client.query("BEGIN");
        const result = await fn({
          query: async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[],
          exec: async (script: string) => void (await client.query(script)),
        });
        await client.query("COMMIT");
        return result;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw e;
      } finally {
        await client.end();
      }
    },
    close: () => prisma.$disconnect(),
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
    transaction: (fn) =>
      pglite.transaction((tx) =>
        fn({
          query: async <T>(sql: string, params: unknown[] = []) => (await tx.query<T>(sql, params)).rows,
          exec: async (script: string) => void (await tx.exec(script)),
        }),
      ),
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
      release();
    },
  };
}
