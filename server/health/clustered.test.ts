import { EventEmitter } from "node:events";
import { pino } from "pino";
import { describe, expect, it, vi } from "vitest";
import type { ClusterBus, ClusterMessage, Db } from "../adapters/db/index.ts";
import { createClusteredMonitor, SNAPSHOT_KEY } from "./clustered.ts";
import type { HealthSnapshot } from "./contract.ts";
import type { HealthMonitor } from "./monitor.ts";

const snap = (checkedAt: string): HealthSnapshot => ({
  status: "up",
  checkedAt,
  intervalMs: 1000,
  clusters: [],
  services: [],
  dlq: null,
  prometheus: { available: false, origin: null, reason: "none" },
});

/** A bus whose leadership the test sets, and whose messages it sends as another instance. */
function fakeBus(leader: boolean) {
  const topics = new EventEmitter();
  const events = new EventEmitter();
  const published: string[] = [];
  let leading = leader;
  const bus: ClusterBus = {
    kind: "postgresql",
    instanceId: "me",
    publish: async (topic) => void published.push(topic),
    subscribe: (t, fn) => (topics.on(t, fn), () => void topics.off(t, fn)),
    onReconnect: (fn) => (events.on("reconnect", fn), () => void events.off("reconnect", fn)),
    live: () => true,
    isLeader: () => leading,
    onLeaderChange: (fn) => (events.on("leader", fn), () => void events.off("leader", fn)),
    currentLeader: async () => ({ instance: leading ? "me" : "other", since: null }),
    peerCount: async () => 1,
    close: async () => undefined,
  };
  return {
    bus,
    published,
    fromOther: (topic: string) => topics.emit(topic, { key: "", local: false } satisfies ClusterMessage),
    lead: (next: boolean) => {
      leading = next;
      events.emit("leader", next);
    },
  };
}

function fakeDb() {
  const rows = new Map<string, unknown>();
  const db = {
    clusterState: {
      findUnique: async ({ where }: { where: { key: string } }) =>
        rows.has(where.key) ? { key: where.key, value: rows.get(where.key) } : null,
      upsert: async ({ where, update }: { where: { key: string }; update: { value: unknown } }) =>
        void rows.set(where.key, update.value),
    },
  };
  return { db: db as unknown as Db, rows };
}

function fakeInner() {
  const subs = new Set<(s: HealthSnapshot) => void>();
  const inner = {
    snapshot: vi.fn(async () => snap("2026-01-01T00:00:00.000Z")),
    peek: vi.fn(() => null),
    runNow: vi.fn(async () => snap("2026-01-01T00:00:01.000Z")),
    subscribe: (fn: (s: HealthSnapshot) => void) => (subs.add(fn), () => void subs.delete(fn)),
    start: vi.fn(),
    stop: vi.fn(async () => undefined),
  } satisfies HealthMonitor;
  return { inner, cycle: (s: HealthSnapshot) => subs.forEach((fn) => fn(s)) };
}

const log = pino({ level: "silent" });
const tick = () => new Promise((r) => setTimeout(r, 10));

describe("health monitor among several instances", () => {
  it("on the leader: probes, streams its own snapshots, stores each and tells the others", async () => {
    const { bus, published } = fakeBus(true);
    const { db, rows } = fakeDb();
    const { inner, cycle } = fakeInner();
    const m = createClusteredMonitor({ inner, bus, db, log, waitMs: 1000 });
    const got: HealthSnapshot[] = [];
    m.subscribe((s) => got.push(s));
    m.start();
    expect(inner.start).toHaveBeenCalledOnce();
    cycle(snap("2026-01-01T00:00:05.000Z"));
    await tick();
    expect(got.map((s) => s.checkedAt)).toEqual(["2026-01-01T00:00:05.000Z"]);
    expect((rows.get(SNAPSHOT_KEY) as HealthSnapshot).checkedAt).toBe("2026-01-01T00:00:05.000Z");
    expect(published).toEqual(["health.snapshot"]);
  });

  it("on a follower: never probes, streams what the leader stored, and asks the leader for a probe", async () => {
    const { bus, published, fromOther, lead } = fakeBus(false);
    const { db, rows } = fakeDb();
    const { inner } = fakeInner();
    const m = createClusteredMonitor({ inner, bus, db, log, waitMs: 1000 });
    const got: string[] = [];
    m.subscribe((s) => got.push(s.checkedAt!));
    m.start();
    expect(inner.start).not.toHaveBeenCalled();
    rows.set(SNAPSHOT_KEY, snap("2026-01-01T00:00:07.000Z"));
    fromOther("health.snapshot");
    await tick();
    expect(got).toEqual(["2026-01-01T00:00:07.000Z"]);
    expect(m.peek()?.checkedAt).toBe("2026-01-01T00:00:07.000Z");
    expect((await m.snapshot()).checkedAt).toBe("2026-01-01T00:00:07.000Z");

    const asked = m.runNow();
    await tick();
    expect(published).toContain("health.probe");
    rows.set(SNAPSHOT_KEY, snap("2026-01-01T00:00:09.000Z"));
    fromOther("health.snapshot");
    expect((await asked).checkedAt).toBe("2026-01-01T00:00:09.000Z");
    expect(inner.runNow).not.toHaveBeenCalled();

    lead(true); // the leader died: this one takes over the probing
    expect(inner.start).toHaveBeenCalledOnce();
    lead(false);
    expect(inner.stop).toHaveBeenCalledOnce();
  });

  it("a follower with nothing from the leader answers 503 after the wait", async () => {
    const { bus } = fakeBus(false);
    const { inner } = fakeInner();
    const m = createClusteredMonitor({ inner, bus, db: fakeDb().db, log, waitMs: 50 });
    m.start();
    await expect(m.snapshot()).rejects.toThrow(/has not published a snapshot yet/);
  });
});
