import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFreshPostgresDatabase } from "../../../test/fresh-postgres-database.ts";
import { cachedPrincipal, connectPrincipalCache, invalidatePrincipals } from "../../auth/principal-cache.ts";
import type { Principal } from "../../auth/principal.ts";
import {
  applyMigrations,
  createDb,
  createInProcessBus,
  createPostgresBus,
  LEADER_LOCK_KEY,
  type ClusterBus,
  type ClusterMessage,
  type DbHandle,
} from "./index.ts";

const log = pino({ level: "silent" });
const LEASE_MS = 1500;

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 10_000): Promise<number> {
  const t0 = Date.now();
  while (!(await ok())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - t0;
}

function inbox(bus: ClusterBus, topic: string): ClusterMessage[] {
  const got: ClusterMessage[] = [];
  bus.subscribe(topic, (m) => got.push(m));
  return got;
}

describe("cluster bus in one process (PGlite)", () => {
  it("leads, and delivers to its own subscribers only", async () => {
    const bus = createInProcessBus("solo");
    const got = inbox(bus, "t.one");
    expect(bus.isLeader()).toBe(true);
    expect(bus.live()).toBe(true);
    expect((await bus.currentLeader())?.instance).toBe("solo");
    expect((await bus.currentLeader())?.since).toBeInstanceOf(Date);
    await bus.publish("t.one", "k1");
    await until("delivery", () => got.length === 1);
    expect(got).toEqual([{ key: "k1", local: true }]);
    await expect(bus.publish("T ONE", "k")).rejects.toThrow(/topic/);
    await expect(bus.publish("t.one", "x".repeat(201))).rejects.toThrow(/at most 200/);
  });
});

const base = process.env.TEST_DATABASE_URL;
if (!base && process.env.CI) throw new Error("TEST_DATABASE_URL is not set: run the suite through `npm test`");

describe.skipIf(!base)("cluster bus on PostgreSQL", () => {
  let url: string;
  let db: DbHandle;
  const open: ClusterBus[] = [];
  const bus = async (instanceId: string) => {
    const b = await createPostgresBus({ url, db: db.prisma, log, leaseMs: LEASE_MS, instanceId });
    open.push(b);
    return b;
  };
  /** The backend pid of an instance's dedicated connection (application_name "nexus <id>"). */
  const backendOf = async (id: string) =>
    (
      await db.prisma.$queryRawUnsafe<{ pid: number }[]>(
        `SELECT pid FROM pg_stat_activity WHERE application_name = $1`,
        `nexus ${id}`,
      )
    )[0]?.pid;

  beforeAll(async () => {
    url = await createFreshPostgresDatabase(base!, "cluster");
    db = await createDb({ databaseUrl: url, dataDir: "unused" });
    await applyMigrations(db); // ClusterState, where a new leader says since when it leads
  });
  afterAll(async () => {
    for (const b of open) await b.close();
    await db.close();
  });

  it("elects one leader and carries messages to every instance, marked local for the sender", async () => {
    const t0 = Date.now();
    const a = await bus("a");
    const b = await bus("b");
    expect(a.isLeader()).toBe(true);
    expect(b.isLeader()).toBe(false);
    expect((await b.currentLeader())?.instance).toBe("a");
    // Since when: the row the new leader writes, read by every instance.
    await until("since is recorded", async () => (await b.currentLeader())?.since != null);
    const since = (await b.currentLeader())!.since!.getTime();
    expect(since).toBeGreaterThanOrEqual(t0);
    expect(since).toBeLessThanOrEqual(Date.now());
    const [toA, toB] = [inbox(a, "t.msg"), inbox(b, "t.msg")];
    await a.publish("t.msg", "job-1");
    await until("both deliveries", () => toA.length === 1 && toB.length === 1);
    expect(toA).toEqual([{ key: "job-1", local: true }]);
    expect(toB).toEqual([{ key: "job-1", local: false }]);
    await a.close();
    await b.close();
  });

  it("hands leadership over within one lease when the leader stops, and re-elects after a lost connection", async () => {
    const a = await bus("fa");
    const b = await bus("fb");
    const c = await bus("fc");
    expect(a.isLeader()).toBe(true);
    await a.close();
    const took = await until("another leads", () => b.isLeader() || c.isLeader());
    expect(took).toBeLessThan(LEASE_MS);
    expect([b.isLeader(), c.isLeader()].filter(Boolean)).toHaveLength(1);
    const [leader, follower] = b.isLeader() ? [b, c] : [c, b];
    let reconnected = 0;
    leader.onReconnect(() => reconnected++);
    // A lost connection (PostgreSQL restarted, a network cut): the lock goes with the session; the instance stops
    // leading, reconnects (and says so: caches are dropped), and one of the two leads again within a lease.
    await db.prisma.$queryRawUnsafe(`SELECT pg_terminate_backend($1)`, await backendOf(leader.instanceId));
    await until("reconnected", () => reconnected === 1 && leader.live());
    await until("a leader again", () => leader.isLeader() || follower.isLeader(), LEASE_MS);
    expect((await follower.currentLeader())?.instance).toBe(
      leader.isLeader() ? leader.instanceId : follower.instanceId,
    );
    await b.close();
    await c.close();
  });

  it("takes leadership from a hung leader after one lease (PostgreSQL ends its idle session)", async () => {
    // A leader whose event loop hangs stops its heartbeat: its session goes idle, and idle_session_timeout ends it.
    const hung = new pg.Client({ connectionString: url, application_name: "nexus hung" });
    hung.on("error", () => undefined);
    await hung.connect();
    await hung.query(`SET idle_session_timeout = ${LEASE_MS}`);
    expect((await hung.query("SELECT pg_try_advisory_lock($1) AS ok", [LEADER_LOCK_KEY])).rows[0].ok).toBe(true);
    const t0 = Date.now();
    const b = await bus("hb");
    expect(b.isLeader()).toBe(false);
    // The hung holder never said since when: the row names an earlier leader, so "since" stays unknown.
    expect(await b.currentLeader()).toEqual({ instance: "hung", since: null });
    await until("b leads", () => b.isLeader());
    expect(Date.now() - t0).toBeLessThan(LEASE_MS + 1500);
    await hung.end().catch(() => undefined);
    await b.close();
  });

  it("clears another instance's cached principals at once, and stops caching while deaf", async () => {
    const a = await bus("pa");
    const b = await bus("pb");
    let lookups = 0;
    const resolve = async (): Promise<Principal | null> => {
      lookups++;
      return null;
    };
    // The cache is one per process: joined to b, invalidations published by a must clear it.
    const disconnect = connectPrincipalCache(b);
    try {
      await cachedPrincipal("k", resolve);
      await cachedPrincipal("k", resolve);
      expect(lookups).toBe(1);
      const acks = inbox(a, "auth.principals.ack");
      await a.publish("auth.principals", "n1");
      await until("b answered", () => acks.length === 1);
      expect(acks).toEqual([{ key: "n1", local: false }]); // b dropped its cache before answering
      await cachedPrincipal("k", resolve);
      expect(lookups).toBe(2);
      // b's own change: cleared locally and published; a never answers (no cache joined), so b gives up after 2 s.
      const t0 = Date.now();
      await invalidatePrincipals();
      expect(Date.now() - t0).toBeGreaterThanOrEqual(1900);
      await cachedPrincipal("k", resolve);
      expect(lookups).toBe(3);
      await db.prisma.$queryRawUnsafe(`SELECT pg_terminate_backend($1)`, await backendOf("pb"));
      await until("b deaf", () => !b.live());
      const before = lookups;
      await cachedPrincipal("k", resolve);
      await cachedPrincipal("k", resolve);
      expect(lookups).toBe(before + 2);
      await until("b back", () => b.live());
    } finally {
      disconnect();
      await a.close();
      await b.close();
    }
  });
});
