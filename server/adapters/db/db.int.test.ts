import { describe, expect, it } from "vitest";
import { testDatabases } from "../../../test/databases.ts";
import { applyMigrations, pendingMigrations, readMigrations } from "./index.ts";

describe.each(testDatabases())("database on $name", (tdb) => {
  it("applies every migration on an empty database, then none on the second run", async () => {
    const db = await tdb.open({ migrate: false });
    try {
      const all = readMigrations().map((m) => m.name);
      expect(all.length).toBeGreaterThan(0);
      expect(await pendingMigrations(db)).toEqual(all);
      expect(await applyMigrations(db)).toEqual(all);
      expect(await applyMigrations(db)).toEqual([]);
      expect(await pendingMigrations(db)).toEqual([]);
      const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string; checksum: string }[]>(
        `SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`,
      );
      expect(rows).toEqual(readMigrations().map((m) => ({ migration_name: m.name, checksum: m.checksum })));
    } finally {
      await db.close();
    }
  });

  it("refuses a migration that was edited after it was applied", async () => {
    const db = await tdb.open();
    try {
      const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
      await expect(applyMigrations(db, edited)).rejects.toThrow(/modified after it was applied/);
    } finally {
      await db.close();
    }
  });

  it("rolls back a failing migration completely", async () => {
    const db = await tdb.open();
    try {
      const bad = [
        ...readMigrations(),
        {
          name: "99999999999999_bad",
          sql: `CREATE TABLE "Half" (id int); SELECT * FROM no_such_table;`,
          checksum: "x".repeat(64),
        },
      ];
      await expect(applyMigrations(db, bad)).rejects.toThrow();
      const half = await db.prisma.$queryRawUnsafe<{ n: bigint }[]>(
        `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'Half'`,
      );
      expect(Number(half[0]?.n)).toBe(0);
      expect(await pendingMigrations(db, bad)).toEqual(["99999999999999_bad"]);
    } finally {
      await db.close();
    }
  });
});
