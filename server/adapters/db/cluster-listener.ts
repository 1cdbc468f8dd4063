// The dedicated connection of server/adapters/db/cluster.ts: LISTEN, the leader lock and its heartbeat, and the
// reconnect loop. node-postgres (pg, already the driver under @prisma/adapter-pg) gives a plain Client whose
// session we own, which Prisma's pooled connections cannot.
import "server-only";
import pg from "pg";
import type { Logger } from "pino";
import type { EventEmitter } from "node:events";

/** The NOTIFY channel of every cluster message; the payload names a topic and a key, never the data. */
export const CLUSTER_CHANNEL = "nexus_cluster";
/** The advisory lock key of the leader ("NXLD"); pg_locks shows it as classid 0, objid this, objsubid 1. */
export const LEADER_LOCK_KEY = 0x4e584c44;

export type ClusterMessage = { key: string /** Sent by this instance. */; local: boolean };

/** Where the listener delivers: `topics` emits each message by topic, `events` "leader" and "reconnect". */
export type Wiring = {
  topics: EventEmitter;
  events: EventEmitter;
  on<T>(emitter: EventEmitter, name: string, fn: (v: T) => void): () => void;
};

type Options = { url: string; log: Logger; leaseMs: number; instanceId: string; wiring: Wiring };

export type Listener = {
  start(): Promise<void>;
  live(): boolean;
  leader(): boolean;
  close(): Promise<void>;
};

const MAX_BACKOFF_MS = 5000;

/** The tick: how often a follower tries the lock and everyone proves to PostgreSQL it is alive. */
export function tickMs(leaseMs: number): number {
  return Math.max(100, Math.min(1000, Math.floor(leaseMs / 4)));
}

export function createListener(o: Options): Listener {
  let client: pg.Client | null = null;
  let connected = false;
  let leading = false;
  let lastOk = 0;
  let inFlight = false;
  let closed = false;
  let everConnected = false;
  let backoff = 250;
  let retry: NodeJS.Timeout | undefined;
  const log = o.log.child({ instance: o.instanceId });

  function setLeader(next: boolean, why: string) {
    if (next === leading) return;
    leading = next;
    if (next) log.info({ leaseMs: o.leaseMs }, "this instance is now the cluster leader");
    else log.warn({ reason: why }, "this instance is no longer the cluster leader");
    o.wiring.events.emit("leader", next);
  }

  function onNotification(n: pg.Notification) {
    if (n.channel !== CLUSTER_CHANNEL || !n.payload) return;
    const [topic, key = "", sender] = n.payload.split("\t");
    if (!topic) return;
    o.wiring.topics.emit(topic, { key, local: sender === o.instanceId } satisfies ClusterMessage);
  }

  function lost(c: pg.Client, e?: Error) {
    if (client !== c) return;
    client = null;
    connected = false;
    setLeader(false, "connection to PostgreSQL lost");
    c.end().catch(() => undefined);
    if (closed) return;
    log.warn({ err: e?.message, retryMs: backoff }, "cluster connection lost; reconnecting");
    retry = setTimeout(() => void connect(), backoff);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  }

  async function connect(): Promise<void> {
    const c = new pg.Client({
      connectionString: o.url,
      application_name: `nexus ${o.instanceId}`,
      keepAlive: true,
      connectionTimeoutMillis: 5000,
    });
    client = c;
    c.on("error", (e) => lost(c, e));
    c.on("end", () => lost(c));
    c.on("notification", onNotification);
    try {
      await c.connect();
      // A hung instance stops saying "still here": PostgreSQL ends its session, and with it the lock, after a lease.
      await c.query(`SET idle_session_timeout = ${Math.floor(o.leaseMs)}`).catch((e: { code?: string }) => {
        if (e.code !== "42704") throw e; // PostgreSQL before 14 has no such setting
        log.warn(
          "PostgreSQL before 14: a hung leader keeps the lead until its connection drops (idle_session_timeout)",
        );
      });
      await c.query(`LISTEN ${CLUSTER_CHANNEL}`);
    } catch (e) {
      lost(c, e as Error);
      return;
    }
    connected = true;
    backoff = 250;
    lastOk = Date.now();
    if (everConnected) o.wiring.events.emit("reconnect");
    everConnected = true;
    await tick();
  }

  async function tick(): Promise<void> {
    // A leader that could not confirm within the lease may have been cut off: it stops before anyone else starts.
    if (leading && Date.now() - lastOk > o.leaseMs) setLeader(false, "heartbeat not confirmed within the lease");
    const c = client;
    if (!c || !connected || inFlight) return;
    inFlight = true;
    try {
      if (leading) await c.query("SELECT 1");
      else {
        const r = await c.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [LEADER_LOCK_KEY]);
        if (r.rows[0]?.ok) setLeader(true, "lock acquired");
      }
      lastOk = Date.now();
    } catch (e) {
      lost(c, e as Error);
    } finally {
      inFlight = false;
    }
  }

  const timer = setInterval(() => void tick(), tickMs(o.leaseMs));
  timer.unref();

  return {
    start: connect,
    live: () => connected,
    // Not beyond the lease without a confirmed heartbeat, even before the next tick notices (a process that wakes
    // from a long pause runs its overdue timers in any order).
    leader: () => leading && Date.now() - lastOk <= o.leaseMs,
    async close() {
      closed = true;
      clearInterval(timer);
      clearTimeout(retry);
      const c = client;
      client = null;
      connected = false;
      setLeader(false, "shutting down");
      await c?.end().catch(() => undefined);
    },
  };
}
