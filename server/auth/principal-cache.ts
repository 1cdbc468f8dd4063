import "server-only";
import type { ClusterBus } from "../adapters/db/index.ts";
import { getLogger } from "../log.ts";
import type { Principal } from "./principal.ts";

/**
 * Resolved principals by credential hash, for a few seconds: the lookup is most of the cost of a small
 * authenticated read. Any change to users, tokens or sessions clears it at once in this process and, through the
 * cluster bus (PostgreSQL NOTIFY), in every other instance before the change's request is answered; while this
 * instance cannot hear the others (its listening connection is down) it does not cache at all, and it clears the
 * cache when the connection comes back (a notification may have been missed).
 */
const TTL_MS = 2000;
const MAX_ENTRIES = 5000;
/** The cluster message that tells every instance to drop its cached principals. */
export const PRINCIPALS_TOPIC = "auth.principals";
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

/**
 * Call after any change that can end or lower access: revocation, sign-out, user update or deletion. Resolves once
 * the other instances have been told (a failure to tell them is logged: they then see the change within TTL_MS).
 */
export async function invalidatePrincipals(): Promise<void> {
  clearLocal();
  const bus = state().bus;
  if (!bus) return;
  await bus.publish(PRINCIPALS_TOPIC).catch((e: unknown) => {
    getLogger().error({ err: e }, "could not tell the other instances to drop cached principals");
  });
}

/** Joins this process's cache to the cluster: other instances' invalidations and reconnects clear it. */
export function connectPrincipalCache(bus: ClusterBus): () => void {
  state().bus = bus;
  const offMessage = bus.subscribe(PRINCIPALS_TOPIC, (m) => {
    if (!m.local) clearLocal();
  });
  const offReconnect = bus.onReconnect(clearLocal);
  return () => {
    offMessage();
    offReconnect();
    state().bus = null;
  };
}
