import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { applyMigrations, createDb, type DbHandle } from "../server/adapters/db/index.ts";

export type TestDatabase = { name: "pglite" | "postgresql"; open(opts?: { migrate?: boolean }): Promise<DbHandle> };

let counter = 0;

/** A fresh, empty database on the throwaway PostgreSQL server the test scripts started. */
async function freshPostgresUrl(base: string): Promise<string> {
  const name = `nexus_test_${process.pid}_${Date.now()}_${counter++}`;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The databases every integration test runs against: PGlite always, PostgreSQL from TEST_DATABASE_URL
 * (set by `npm test`). Under CI a missing PostgreSQL is an error, not a silent skip.
 */
export function testDatabases(): TestDatabase[] {
  const list: TestDatabase[] = [
    {
      name: "pglite",
      async open(opts) {
        const dir = mkdtempSync(join(tmpdir(), "nexus-pglite-"));
        const handle = await createDb({ dataDir: dir });
        if (opts?.migrate !== false) await applyMigrations(handle);
        return { ...handle, close: async () => { await handle.close(); rmSync(dir, { recursive: true, force: true }); } };
      },
    },
  ];
  const base = process.env.TEST_DATABASE_URL;
  if (base) {
    list.push({
      name: "postgresql",
      async open(opts) {
        const handle = await createDb({ databaseUrl: await freshPostgresUrl(base), dataDir: "unused" });
        if (opts?.migrate !== false) await applyMigrations(handle);
        return handle;
      },
    });
  } else if (process.env.CI) {
    throw new Error("TEST_DATABASE_URL is not set: run the suite through `npm test`, which starts PostgreSQL");
  }
  return list;
}
