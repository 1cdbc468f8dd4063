import "server-only";
import { randomUUID } from "node:crypto";
import type { ClusterBus } from "../adapters/db/index.ts";
import { getLogger } from "../log.ts";
import type { Principal } from "./principal.ts";

/**
 * Resolved principals by credential hash, for a few seconds: the lookup is most of the cost of a small
 * authenticated read. Any change to users, tokens or sessions clears it at once in this process and, through the
 * cluster bus (PostgreSQL NOTIFY, each instance answering), in every other instance before the change's request is
 * answered; while this instance cannot hear the others (its listening connection is down) it does not cache at
 * all, and it clears the cache when the connection comes back (a notification may have been missed).
 */
const TTL_MS = 2000;
const MAX_ENTRIES = 5000;
/** The cluster message that tells every instance to drop its cached principals. */
export const PRINCIPALS_TOPIC = "auth.principals";
/** Each other instance's answer to one PRINCIPALS_TOPIC notice (the same key): "dropped". */
const ACK_TOPIC = "auth.principals.ack";
type Entry = { principal: Principal | null; until: number; generation: number };

const KEY = Symbol.for("nexus.principal-cache");
type State = { entries: Map<string, Entry>; generation: number; bus: ClusterBus | null };
function state(): State {
  const g = globalThis as { [KEY]?: State };
  return (g[KEY] ??= { entries: new Map(), generation: 0, bus: null });
}

export async function cachedPrincipal(
  key: string,
  resolve: () => Promise<Principal | null>,
): Promise<Principal | null> {
  const s = state();
  if (s.bus && !s.bus.live()) return resolve();
  const now = Date.now();
  const hit = s.entries.get(key);
  if (hit && hit.until > now && hit.generation === s.generation) return hit.principal;
  const generation = s.generation;
  const principal = await resolve();
  if (generation === s.generation) {
    if (s.entries.size >= MAX_ENTRIES) s.entries.clear();
    s.entries.set(key, { principal, until: now + TTL_MS, generation });
  }
  return principal;
}

function clearLocal(): void {
  const s = state();
  s.generation++;
  s.entries.clear();
}

/** How long a change waits for the other instances to say they dropped their cached principals. */
const ACK_TIMEOUT_MS = 2000;

/**
 * Call after any change that can end or lower access: revocation, sign-out, user update or deletion. Resolves once
 * every other instance connected to the cluster has said it dropped its cached principals (each answers the
 * notice), so the next request anywhere sees the change; after ACK_TIMEOUT_MS without all answers (an instance
 * hung or gone) it logs and resolves, and the silent ones see the change within TTL_MS.
 */
export async function invalidatePrincipals(): Promise<void> {
  clearLocal();
  const bus = state().bus;
  if (!bus) return;
  try {
    const peers = await bus.peerCount();
    const nonce = randomUUID();
    const acked = new Promise<void>((resolve, reject) => {
      if (peers === 0) return resolve();
      let got = 0;
      const timer = setTimeout(() => {
        off();
        reject(new Error(`${got} of ${peers} other instances answered within ${ACK_TIMEOUT_MS} ms`));
      }, ACK_TIMEOUT_MS);
      const off = bus.subscribe(ACK_TOPIC, (m) => {
        if (m.local || m.key !== nonce || ++got < peers) return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
    await bus.publish(PRINCIPALS_TOPIC, nonce);
    await acked;
  } catch (e) {
    getLogger().error({ err: e }, "could not confirm that the other instances dropped their cached principals");
  }
}

/** Joins this process's cache to the cluster: other instances' invalidations (answered) and reconnects clear it. */
export function connectPrincipalCache(bus: ClusterBus): () => void {
  state().bus = bus;
  const offMessage = bus.subscribe(PRINCIPALS_TOPIC, (m) => {
    if (m.local) return;
    clearLocal();
    bus.publish(ACK_TOPIC, m.key).catch(() => undefined);
  });
  const offReconnect = bus.onReconnect(clearLocal);
  return () => {
    offMessage();
    offReconnect();
    state().bus = null;
  };
}
