// Several control-plane instances on one PostgreSQL: messages between them (LISTEN/NOTIFY) and one leader at a
// time (a session-level advisory lock). Both ride on one dedicated node-postgres connection per instance, outside
// Prisma's pool (a pooled connection is shared, so it can neither hold a session lock nor stay LISTENing). The
// connection runs with idle_session_timeout = the lease and says "still here" every tick: a leader that dies
// closes it (the lock goes at once), one that hangs is cut off by PostgreSQL after one lease, and a leader that
// cannot confirm its heartbeat within the lease stops leading by itself. On PGlite (one process) everything stays
// in-process: the only instance leads and messages go straight to its own subscribers.
import "server-only";
import { EventEmitter } from "node:events";
import { hostname } from "node:os";
import type { Logger } from "pino";
import type { Db } from "./client.ts";
import {
  CLUSTER_CHANNEL,
  createListener,
  LEADER_LOCK_KEY,
  type ClusterMessage,
  type Wiring,
} from "./cluster-listener.ts";

export { CLUSTER_CHANNEL, LEADER_LOCK_KEY, type ClusterMessage };

/** The ClusterState row where a new leader writes who it is and since when (pg_locks keeps no grant time). */
export const LEADER_KEY = "cluster.leader";

/** Who leads: its instance id, and since when it holds the lock (null until it has said so, or unreadable). */
export type ClusterLeader = { instance: string; since: Date | null };

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes and more; a message is a topic and a short key. */
const MAX_KEY_CHARS = 200;
const TOPIC = /^[a-z][a-z0-9.-]{0,63}$/;

export type ClusterBus = {
  kind: "postgresql" | "in-process";
  /** This instance's name in logs, /api/v1/system and pg_stat_activity: host:pid. */
  instanceId: string;
  /** Sends `topic` with `key` to every instance, this one included; resolves once PostgreSQL has taken it. */
  publish(topic: string, key?: string): Promise<void>;
  subscribe(topic: string, fn: (m: ClusterMessage) => void): () => void;
  /** After the listening connection came back: notifications may have been missed, so drop what they would have. */
  onReconnect(fn: () => void): () => void;
  /** Whether messages are being received now (false while the listening connection is down). */
  live(): boolean;
  isLeader(): boolean;
  onLeaderChange(fn: (leader: boolean) => void): () => void;
  /** The instance holding the leader lock now, or null while nobody does (between a leader's death and takeover). */
  currentLeader(): Promise<ClusterLeader | null>;
  /** How many other instances are connected to the cluster now (their dedicated connections), to await their answers. */
  peerCount(): Promise<number>;
  close(): Promise<void>;
};

export function defaultInstanceId(): string {
  return `${hostname()}:${process.pid}`.slice(-56);
}

function checkMessage(topic: string, key: string): void {
  if (!TOPIC.test(topic)) throw new Error(`cluster topic must match ${TOPIC}, got ${JSON.stringify(topic)}`);
  if (key.length > MAX_KEY_CHARS || /[\t\n\0]/.test(key))
    throw new Error(`cluster message key must be at most ${MAX_KEY_CHARS} characters without tabs or newlines`);
}

function wiring(): Wiring {
  const on = <T>(emitter: EventEmitter, name: string, fn: (v: T) => void) => {
    emitter.on(name, fn);
    return () => void emitter.off(name, fn);
  };
  const topics = new EventEmitter().setMaxListeners(0);
  const events = new EventEmitter().setMaxListeners(0);
  return { topics, events, on };
}

/** PGlite: one process, so it leads and its messages reach its own subscribers only. */
export function createInProcessBus(instanceId = defaultInstanceId()): ClusterBus {
  const w = wiring();
  const since = new Date();
  return {
    kind: "in-process",
    instanceId,
    async publish(topic, key = "") {
      checkMessage(topic, key);
      queueMicrotask(() => w.topics.emit(topic, { key, local: true } satisfies ClusterMessage));
    },
    subscribe: (topic, fn) => w.on(w.topics, topic, fn),
    onReconnect: (fn) => w.on(w.events, "reconnect", fn),
    live: () => true,
    isLeader: () => true,
    onLeaderChange: (fn) => w.on(w.events, "leader", fn),
    currentLeader: async () => ({ instance: instanceId, since }),
    peerCount: async () => 0,
    close: async () => void w.topics.removeAllListeners(),
  };
}

export type PostgresBusOptions = {
  url: string;
  /** Prisma, for NOTIFY and the leader query (they need no dedicated connection). */
  db: Db;
  log: Logger;
  leaseMs: number;
  instanceId?: string;
};

/**
 * PostgreSQL: LISTEN and the leader lock on one dedicated connection, reconnected after a loss. Resolves once the
 * first connection attempt is over (connected and the lock tried, or failed and retrying), so that the first
 * instance up already leads when it starts serving.
 */
export async function createPostgresBus(opts: PostgresBusOptions): Promise<ClusterBus> {
  const instanceId = opts.instanceId ?? defaultInstanceId();
  const w = wiring();
  // Registered before the first connection, whose first tick may already take the lock.
  w.on<boolean>(w.events, "leader", (leading) => {
    if (leading) void sayLeading(opts, instanceId);
  });
  const listener = createListener({ ...opts, instanceId, wiring: w });
  await listener.start();
  return {
    kind: "postgresql",
    instanceId,
    async publish(topic, key = "") {
      checkMessage(topic, key);
      await opts.db.$queryRawUnsafe(
        "SELECT pg_notify($1, $2)::text AS sent",
        CLUSTER_CHANNEL,
        `${topic}\t${key}\t${instanceId}`,
      );
    },
    subscribe: (topic, fn) => w.on(w.topics, topic, fn),
    onReconnect: (fn) => w.on(w.events, "reconnect", fn),
    live: () => listener.live(),
    isLeader: () => listener.leader(),
    onLeaderChange: (fn) => w.on(w.events, "leader", fn),
    async currentLeader() {
      const rows = await opts.db.$queryRawUnsafe<{ name: string; said: string | null; since: string | null }[]>(
        `SELECT a.application_name AS name, s.value->>'instance' AS said, s.value->>'since' AS since
           FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
           LEFT JOIN "ClusterState" s ON s.key = $2
          WHERE l.locktype = 'advisory' AND l.classid = 0 AND l.objid::text = $1 AND l.objsubid = 1 AND l.granted`,
        String(LEADER_LOCK_KEY),
        LEADER_KEY,
      );
      const row = rows[0];
      if (!row?.name) return null;
      const instance = row.name.replace(/^nexus /, "");
      // The row may still name the previous leader for the moment between a takeover and its write.
      const since = row.said === instance && row.since ? new Date(row.since) : null;
      return { instance, since: since && !Number.isNaN(since.getTime()) ? since : null };
    },
    async peerCount() {
      const rows = await opts.db.$queryRawUnsafe<{ n: bigint }[]>(
        `SELECT count(*) AS n FROM pg_stat_activity
          WHERE datname = current_database() AND application_name LIKE 'nexus %' AND application_name <> $1`,
        `nexus ${instanceId}`,
      );
      return Number(rows[0]?.n ?? 0);
    },
    close: () => listener.close(),
  };
}

/** A new leader's note of since when it leads; a failure only leaves "since" unknown, so it is logged, not thrown. */
async function sayLeading(opts: PostgresBusOptions, instance: string): Promise<void> {
  const value = { instance, since: new Date().toISOString() };
  try {
    await opts.db.clusterState.upsert({
      where: { key: LEADER_KEY },
      create: { key: LEADER_KEY, value },
      update: { value },
    });
  } catch (e) {
    opts.log.warn({ err: (e as Error).message }, "could not record since when this instance leads");
  }
}
