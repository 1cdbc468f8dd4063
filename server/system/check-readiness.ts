import "server-only";
import { databaseUnavailable, pendingMigrations, type DbHandle } from "../adapters/db/index.ts";
import type { Readiness } from "./contract.ts";

const TIMEOUT_MS = 3000;

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref(),
    ),
  ]);
}

/**
 * Database reachable (select 1, bounded) and every migration on disk applied. A database that cannot be reached or
 * opened is a 503 problem with Retry-After (no driver text: it names hosts and ports); pending migrations are "not-ready".
 * `openRuntime` is the runtime's start-up (getRuntime), bounded here like the query.
 */
export async function checkReadiness(openRuntime: () => Promise<{ db: DbHandle }>): Promise<Readiness> {
  let rt;
  try {
    rt = await withTimeout(openRuntime(), "database start-up");
  } catch (e) {
    throw databaseUnavailable(e);
  }
  const t0 = performance.now();
  try {
    await withTimeout(rt.db.prisma.$queryRaw`SELECT 1`, "database");
  } catch (e) {
    throw databaseUnavailable(e);
  }
  const latencyMs = Math.round((performance.now() - t0) * 10) / 10;
  const pending = await pendingMigrations(rt.db);
  const ok = pending.length === 0;
  return {
    status: ok ? "ready" : "not-ready",
    checks: { database: { ok: true, kind: rt.db.kind, latencyMs, error: null }, migrations: { ok, pending } },
  };
}
