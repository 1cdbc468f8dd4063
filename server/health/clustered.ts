import "server-only";
import type { Logger } from "pino";
import type { ClusterBus, Db } from "../adapters/db/index.ts";
import { DependencyUnavailableError } from "../errors.ts";
import { HealthSnapshot } from "./contract.ts";
import type { HealthMonitor } from "./monitor.ts";

/** The ClusterState row holding the leader's last snapshot, and the cluster topics of the health monitor. */
export const SNAPSHOT_KEY = "health.snapshot";
const SNAPSHOT_TOPIC = "health.snapshot";
const PROBE_TOPIC = "health.probe";

/**
 * The health monitor of one instance among several: only the cluster leader probes and evaluates the alert rules
 * (`inner`); it stores each snapshot in ClusterState and notifies. The other instances read the stored snapshot
 * when told (and after a reconnect) and stream it to their own subscribers; a probe asked of them is asked of the
 * leader, and they answer with the snapshot that follows. Alone (PGlite), the instance always leads.
 */
export function createClusteredMonitor(opts: {
  inner: HealthMonitor;
  bus: ClusterBus;
  db: Db;
  log: Logger;
  /** How long a follower waits for the leader's next snapshot. */
  waitMs: number;
}): HealthMonitor {
  const { inner, bus, db } = opts;
  const listeners = new Set<(s: HealthSnapshot) => void>();
  let followed: HealthSnapshot | null = null;
  const offs: (() => void)[] = [];

  function deliver(s: HealthSnapshot) {
    for (const fn of listeners) fn(s);
  }

  async function load(): Promise<HealthSnapshot | null> {
    const row = await db.clusterState.findUnique({ where: { key: SNAPSHOT_KEY } });
    const parsed = row ? HealthSnapshot.safeParse(row.value) : null;
    if (!parsed?.success) return followed;
    if (!followed || parsed.data.checkedAt !== followed.checkedAt) {
      followed = parsed.data;
      if (!bus.isLeader()) deliver(followed);
    }
    return followed;
  }
  const reload = () =>
    void load().catch((e: unknown) => opts.log.warn({ err: e }, "could not read the leader's health snapshot"));

  async function publish(s: HealthSnapshot) {
    const value = JSON.parse(JSON.stringify(s)) as object;
    await db.clusterState.upsert({
      where: { key: SNAPSHOT_KEY },
      create: { key: SNAPSHOT_KEY, value },
      update: { value },
    });
    await bus.publish(SNAPSHOT_TOPIC);
  }

  /** A follower's probe: the leader is asked, and the next snapshot it publishes is the answer. */
  function nextFromLeader(ask: boolean): Promise<HealthSnapshot> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        listeners.delete(once);
        if (followed) resolve(followed);
        else
          reject(
            new DependencyUnavailableError("health monitor", "the cluster leader has not published a snapshot yet"),
          );
      }, opts.waitMs);
      const once = (s: HealthSnapshot) => {
        clearTimeout(timer);
        listeners.delete(once);
        resolve(s);
      };
      listeners.add(once);
      if (ask) void bus.publish(PROBE_TOPIC).catch(() => undefined);
    });
  }

  return {
    async snapshot() {
      if (bus.isLeader()) return inner.snapshot();
      return followed ?? (await load()) ?? nextFromLeader(true);
    },
    peek: () => (bus.isLeader() ? inner.peek() : followed),
    runNow: () => (bus.isLeader() ? inner.runNow() : nextFromLeader(true)),
    subscribe(fn) {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
    start() {
      offs.push(
        inner.subscribe((s) => {
          deliver(s);
          if (bus.kind === "in-process") return;
          publish(s).catch((e: unknown) => opts.log.warn({ err: e }, "could not publish the health snapshot"));
        }),
        bus.subscribe(SNAPSHOT_TOPIC, (m) => {
          if (!m.local && !bus.isLeader()) reload();
        }),
        bus.subscribe(PROBE_TOPIC, () => {
          if (bus.isLeader()) void inner.runNow().catch(() => undefined);
        }),
        bus.onReconnect(reload),
        bus.onLeaderChange((leader) => {
          if (leader) inner.start();
          else void inner.stop().then(reload);
        }),
      );
      if (bus.isLeader()) inner.start();
      else reload();
    },
    async stop() {
      for (const off of offs.splice(0)) off();
      await inner.stop();
    },
  };
}
