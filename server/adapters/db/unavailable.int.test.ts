import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toProblem } from "../../http/problem.ts";
import { createDb, type DbHandle } from "./index.ts";

/**
 * The errors Prisma (through @prisma/adapter-pg) and the raw pool really throw when PostgreSQL goes away, on a
 * throwaway server of this test's own (scripts/test/postgres.sh), never the suite's shared one.
 */
const script = join(process.cwd(), "scripts", "test", "postgres.sh");
const bash = (cmd: string, env: Record<string, string> = {}) =>
  execFileSync("bash", ["-c", cmd], { env: { ...process.env, ...env }, encoding: "utf8", timeout: 60_000 });

describe("database outage on PostgreSQL", () => {
  let pg: { dir: string; port: string; bin: string };
  let db: DbHandle;

  beforeAll(async () => {
    const [dir, port, bin] = bash(
      `source "${script}" >/dev/null; pg_test_start >/dev/null || exit 1; echo "$PG_TEST_DIR $PG_TEST_PORT $PG_BIN"`,
    )
      .trim()
      .split(" ");
    pg = { dir: dir!, port: port!, bin: bin! };
    db = await createDb({ databaseUrl: `postgresql://postgres@127.0.0.1:${pg.port}/postgres`, dataDir: "" });
    await db.prisma.$queryRaw`SELECT 1`; // an open pooled connection, which the stop then terminates
    bash(`source "${script}"; pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -m fast stop >/dev/null`, {
      PG_BIN: pg.bin,
      PG_TEST_DIR: pg.dir,
    });
  });

  afterAll(async () => {
    await db?.close().catch(() => undefined);
    if (pg) bash(`source "${script}"; pg_test_stop`, { PG_BIN: pg.bin, PG_TEST_DIR: pg.dir });
  });

  const problemOf = async (p: Promise<unknown>) =>
    toProblem(
      await p.then(
        () => new Error("no error"),
        (e: unknown) => e,
      ),
      "/x",
      "r-1",
    );

  it("maps Prisma's failures, on a terminated and on a refused connection, to 503 database unavailable", async () => {
    for (let i = 0; i < 3; i++) {
      const p = await problemOf(db.prisma.$queryRaw`SELECT 1`);
      expect(p, `attempt ${i}`).toMatchObject({
        status: 503,
        type: "/problems/dependency-unavailable",
        dependency: "database",
        retryAfterSeconds: 5,
      });
    }
  });

  it("maps the raw pool's failure (the lineage ingest's batches) the same way", async () => {
    const p = await problemOf(db.transaction((tx) => tx.query("SELECT 1")));
    expect(p).toMatchObject({ status: 503, dependency: "database" });
  });
});
