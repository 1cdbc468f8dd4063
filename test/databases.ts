import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyMigrations, createDb, type DbHandle } from "../server/adapters/db/index.ts";
import { createFreshPostgresDatabase } from "./fresh-postgres-database.ts";

export type TestDatabase = { name: "pglite" | "postgresql"; open(opts?: { migrate?: boolean }): Promise<DbHandle> };

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
        return {
          ...handle,
          close: async () => {
            await handle.close();
            rmSync(dir, { recursive: true, force: true });
          },
        };
      },
    },
  ];
  const base = process.env.TEST_DATABASE_URL;
  if (base) {
    list.push({
      name: "postgresql",
      async open(opts) {
        const handle = await createDb({
          databaseUrl: await createFreshPostgresDatabase(base, "test"),
          dataDir: "unused",
        });
        if (opts?.migrate !== false) await applyMigrations(handle);
        return handle;
      },
    });
  } else if (process.env.CI) {
    throw new Error("TEST_DATABASE_URL is not set: run the suite through `npm test`, which starts PostgreSQL");
  }
  return list;
}
