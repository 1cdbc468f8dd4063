import { createServer, type AddressInfo } from "node:net";
import { Writable } from "node:stream";
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFreshPostgresDatabase } from "../../test/fresh-postgres-database.ts";
import {
  applyMigrations,
  createDb,
  createPostgresRateLimits,
  RATE_LIMIT_TABLE,
  type DbHandle,
  type RateLimitStore,
} from "../adapters/db/index.ts";
import { RateLimitedError } from "../errors.ts";
import { createLoginLimiter, createUser, login, type LoginLimiter } from "./index.ts";

/**
 * Several instances on one PostgreSQL share the sign-in counters: two limiters over two stores (two pools, as two
 * processes have) on one database, against one limiter alone. The suite's throwaway PostgreSQL (TEST_DATABASE_URL).
 */
const base = process.env.TEST_DATABASE_URL;
if (!base && process.env.CI) throw new Error("TEST_DATABASE_URL is not set: run the suite through `npm test`");

const OPEN = { enabled: true, breakGlassUser: "admin" };
const limits = { maxFailures: 3, windowSeconds: 60 };
const silent = pino({ level: "silent" });

/** A logger whose lines the test reads. */
function captured() {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, log: pino({ level: "info" }, sink) };
}

/** What each attempt came to: "wrong", "429 <seconds>" or "signed in". */
async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "signed in";
  } catch (e) {
    if (e instanceof RateLimitedError) return `429 ${e.retryAfterSeconds > 0 ? "retry" : "none"}`;
    if (e instanceof Error && /wrong username or password/.test(e.message)) return "wrong";
    throw e;
  }
}

describe.skipIf(!base)("sign-in limits shared through PostgreSQL", () => {
  let url: string;
  let db: DbHandle;
  const stores: RateLimitStore[] = [];
  const instance = async (log = silent, at = url) => {
    const store = await createPostgresRateLimits({ url: at, log, timeoutMs: 1000 });
    stores.push(store);
    return createLoginLimiter(limits, store);
  };
  const attempt = (limiter: LoginLimiter, username: string, password: string, ip = "192.0.2.1") =>
    login({
      db: db.prisma,
      limiter,
      limits,
      ip,
      userAgent: null,
      sessionTtlMs: 60_000,
      passwordLogin: OPEN,
      body: { username, password },
    });

  beforeAll(async () => {
    url = await createFreshPostgresDatabase(base!, "limits");
    db = await createDb({ databaseUrl: url, dataDir: "unused" });
    await applyMigrations(db);
    for (const name of ["dora", "erin", "fred"])
      await createUser(db.prisma, { username: name, password: `${name}-password`, role: "viewer" });
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    await db?.close();
  });

  it("refuses attempts alternating between two instances at the attempt one instance refuses", async () => {
    const [a, b, alone] = [await instance(), await instance(), await instance()];
    const spread: string[] = [];
    for (let i = 0; i < 5; i++) spread.push(await outcome(attempt(i % 2 ? b : a, "dora", "wrong-wrong")));
    const single: string[] = [];
    for (let i = 0; i < 5; i++) single.push(await outcome(attempt(alone, "erin", "wrong-wrong", "192.0.2.2")));
    expect(spread).toEqual(["wrong", "wrong", "wrong", "429 retry", "429 retry"]);
    expect(spread).toEqual(single);
    // Refused on both, the right password too; another address is not affected.
    expect(await outcome(attempt(a, "dora", "dora-password"))).toBe("429 retry");
    expect(await outcome(attempt(b, "dora", "dora-password"))).toBe("429 retry");
    expect(await outcome(attempt(b, "dora", "dora-password", "192.0.2.3"))).toBe("signed in");
  });

  it("cuts a parallel burst spread over both instances at the limit", async () => {
    const [a, b] = [await instance(), await instance()];
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) => outcome(attempt(i % 2 ? b : a, "fred", "wrong-wrong", "192.0.2.4"))),
    );
    expect(burst.filter((r) => r === "wrong")).toHaveLength(limits.maxFailures);
    expect(burst.filter((r) => r === "429 retry")).toHaveLength(20 - limits.maxFailures);
  });

  it("counts an address over both instances, across usernames", async () => {
    const [a, b] = [await instance(), await instance()];
    const got: string[] = [];
    // Per address: four times the per-username limit, whichever instance and name each attempt uses.
    for (let i = 0; i < limits.maxFailures * 4 + 1; i++)
      got.push(await outcome(attempt(i % 2 ? b : a, `nobody${i}`, "wrong-wrong", "192.0.2.5")));
    expect(got.slice(0, -1).every((r) => r === "wrong")).toBe(true);
    expect(got.at(-1)).toBe("429 retry");
    // And in parallel: 30 names from one address, exactly 12 reach the password check.
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) => outcome(attempt(i % 2 ? b : a, `sprayed${i}`, "wrong-wrong", "192.0.2.8"))),
    );
    expect(burst.filter((r) => r === "wrong")).toHaveLength(limits.maxFailures * 4);
  });

  it("keeps the counters in our migrated table, with their expiry, and creates no table of its own", async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const rows = await client.query<{ key: string; points: number; expire: string }>(
        `SELECT key, points, expire FROM "${RATE_LIMIT_TABLE}" WHERE key = 'login_user_ip:dora|192.0.2.1'`,
      );
      expect(rows.rows).toHaveLength(1);
      expect(rows.rows[0]!.points).toBe(limits.maxFailures);
      expect(Number(rows.rows[0]!.expire)).toBeGreaterThan(Date.now());
      const tables = await client.query<{ t: string }>(
        "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_name ILIKE 'login%'",
      );
      expect(tables.rows.map((r) => r.t)).toEqual([RATE_LIMIT_TABLE]);
    } finally {
      await client.end();
    }
  });

  it("still limits, in memory, and says so once, when PostgreSQL does not answer", async () => {
    const { lines, log } = captured();
    // A port nobody listens on: every counter query fails as when the server is down.
    const free = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const { port } = s.address() as AddressInfo;
        s.close(() => resolve(port));
      });
    });
    const down = await instance(log, `postgresql://postgres@127.0.0.1:${free}/postgres`);
    const got: string[] = [];
    for (let i = 0; i < 5; i++) got.push(await outcome(attempt(down, "erin", "wrong-wrong", "192.0.2.6")));
    expect(got).toEqual(["wrong", "wrong", "wrong", "429 retry", "429 retry"]);
    expect(await outcome(attempt(down, "erin", "erin-password", "192.0.2.7"))).toBe("signed in");
    const warnings = lines.filter((l) => l.level === 40 && /does not answer/.test(l.msg));
    expect(warnings).toHaveLength(1);
  });

  it("falls back when its database goes away mid-window, and shares again when it is back", async () => {
    const { lines, log } = captured();
    const gone = await createFreshPostgresDatabase(base!, "limits_gone");
    const name = new URL(gone).pathname.slice(1);
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    const migrate = async () => {
      const handle = await createDb({ databaseUrl: gone, dataDir: "unused" });
      await applyMigrations(handle);
      await handle.close();
    };
    try {
      await migrate();
      const limiter = await instance(log, gone);
      const got = [await outcome(attempt(limiter, "erin", "wrong-wrong", "192.0.2.9"))];
      // The database disappears with the pool's connections in it (FORCE ends them).
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      for (let i = 0; i < 4; i++) got.push(await outcome(attempt(limiter, "erin", "wrong-wrong", "192.0.2.9")));
      // Memory counts from zero: the one counted in PostgreSQL is not known to it.
      expect(got).toEqual(["wrong", "wrong", "wrong", "wrong", "429 retry"]);
      await admin.query(`CREATE DATABASE ${name}`);
      await migrate();
      expect(await outcome(attempt(limiter, "erin", "wrong-wrong", "192.0.2.10"))).toBe("wrong");
      const said = lines.filter((l) => /rate-limit counters: PostgreSQL/.test(l.msg)).map((l) => l.level);
      expect(said).toEqual([40, 30]); // one warning when it went, one note when it came back
    } finally {
      await admin.end();
    }
  });
});
