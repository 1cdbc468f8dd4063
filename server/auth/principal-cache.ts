import "server-only";
import type { Principal } from "./principal.ts";

/**
 * Resolved principals by credential hash, for a few seconds: the lookup is most of the cost of a small
 * authenticated read. Any change to users, tokens or sessions in this process clears it at once, so
 * revocation here is immediate; other instances sharing PostgreSQL see it within TTL_MS.
 */
const TTL_MS = 2000;
const MAX_ENTRIES = 5000;
type Entry = { principal: Principal | null; until: number; generation: number };

const KEY = Symbol.for("nexus.principal-cache");
type State = { entries: Map<string, Entry>; generation: number };
function state(): State {
  const g = globalThis as { [KEY]?: State };
  return (g[KEY] ??= { entries: new Map(), generation: 0 });
}

export async function cachedPrincipal(
  key: string,
  resolve: () => Promise<Principal | null>,
): Promise<Principal | null> {
  const s = state();
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

/** Call after any change that can end or lower access: revocation, sign-out, user update or deletion. */
export function invalidatePrincipals(): void {
  const s = state();
  s.generation++;
  s.entries.clear();
}
