import "server-only";
import { pendingMigrations } from "../adapters/db/index.ts";
import { getRuntime } from "../runtime.ts";
import type { Readiness } from "./contract.ts";

const TIMEOUT_MS = 3000;

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref())]);
}

/** Database reachable (select 1, bounded) and every migration on disk applied. */
export async function checkReadiness(): Promise<Readiness> {
  let rt;
  try {
    rt = await withTimeout(getRuntime(), "database start-up");
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    return { status: "not-ready", checks: { database: { ok: false, kind: null, latencyMs: null, error }, migrations: { ok: false, pending: [] } } };
  }
  const t0 = performance.now();
  try {
    await withTimeout(rt.db.prisma.$queryRaw`SELECT 1`, "database");
    const latencyMs = Math.round((performance.now() - t0) * 10) / 10;
    const pending = await pendingMigrations(rt.db);
    const ok = pending.length === 0;
    return {
      status: ok ? "ready" : "not-ready",
      checks: { database: { ok: true, kind: rt.db.kind, latencyMs, error: null }, migrations: { ok, pending } },
    };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    return { status: "not-ready", checks: { database: { ok: false, kind: rt.db.kind, latencyMs: null, error }, migrations: { ok: false, pending: [] } } };
  }
}
