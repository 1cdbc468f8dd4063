// Rate-limit counters: in this process's memory on PGlite (one instance), in PostgreSQL when several instances
// share one (rate-limiter-flexible's RateLimiterPostgres on the "LoginRateLimit" table, which our migration
// creates). Each PostgreSQL counter is insured by one in memory: when the database does not answer, the limit
// still holds, per instance, and the log says so.
import "server-only";
import type { Logger } from "pino";
import { RateLimiterMemory, RateLimiterPostgres, type RateLimiterAbstract } from "rate-limiter-flexible";

/** The table of prisma/migrations/*_login_rate_limit (model LoginRateLimit). */
export const RATE_LIMIT_TABLE = "LoginRateLimit";
/** How long a counter's query may take before the insurance answers instead (a sign-in waits at most this). */
export const RATE_LIMIT_TIMEOUT_MS = 2000;

export type RateLimitSpec = { keyPrefix: string; points: number; duration: number };

export type RateLimitStore = {
  /** "postgresql": counters shared by every instance on the database; "memory": this process's own. */
  kind: "postgresql" | "memory";
  limiter(spec: RateLimitSpec): RateLimiterAbstract;
  close(): Promise<void>;
};

export function createMemoryRateLimits(): RateLimitStore {
  return { kind: "memory", limiter: (spec) => new RateLimiterMemory(spec), close: async () => {} };
}

type Query = { text: string; values?: unknown[]; name?: string };
type QueryClient = { query(q: Query): Promise<unknown> };

/**
 * Logs the switches between the shared counters and the insurance, once each (not per failed query): a warning
 * when a query fails after one succeeded, naming the error, and a note when one succeeds again.
 */
export function reportingClient(inner: QueryClient, log: Logger): QueryClient {
  let failing = false;
  return {
    async query(q) {
      try {
        const r = await inner.query(q);
        if (failing) log.info("rate-limit counters: PostgreSQL answers again; the limits are shared again");
        failing = false;
        return r;
      } catch (e) {
        if (!failing)
          log.warn(
            { err: e instanceof Error ? e.message : String(e), table: RATE_LIMIT_TABLE },
            "rate-limit counters: PostgreSQL does not answer; each instance limits on its own (in memory) until it does",
          );
        failing = true;
        throw e;
      }
    },
  };
}

/**
 * Counters in PostgreSQL at `url`, on a small pool of their own (a sign-in is one upsert per limiter). The table is
 * ours (`tableCreated`), so the library never creates it; expired rows go by its clearExpiredByTimeout (each
 * instance deletes the rows expired for an hour every 5 minutes; the expire index keeps that cheap).
 */
export async function createPostgresRateLimits(opts: {
  url: string;
  log: Logger;
  timeoutMs?: number;
}): Promise<RateLimitStore> {
  const pg = (await import("pg")).default;
  const timeout = opts.timeoutMs ?? RATE_LIMIT_TIMEOUT_MS;
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: 3,
    connectionTimeoutMillis: timeout,
    query_timeout: timeout,
    application_name: "nexus-rate-limits", // not "nexus <id>": that names an instance (cluster.ts),
  });
  // An idle connection the server closed must not crash the process; the next query reconnects.
  pool.on("error", (e) => opts.log.warn({ err: e.message }, "rate-limit counters: idle connection lost"));
  const client = reportingClient(pool as unknown as QueryClient, opts.log);
  return {
    kind: "postgresql",
    limiter: (spec) =>
      new RateLimiterPostgres({
        ...spec,
        storeClient: client,
        storeType: "pool",
        tableName: RATE_LIMIT_TABLE,
        tableCreated: true,
        clearExpiredByTimeout: true,
        insuranceLimiter: new RateLimiterMemory(spec),
      }),
    close: () => pool.end(),
  };
}
