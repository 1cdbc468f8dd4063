import "server-only";
import pg from "pg";
import { describeNetworkError, ProbeFailure } from "./errors.ts";
import { redact } from "./redact.ts";

/** Connections in use on a PostgreSQL server and how many it allows. */
export type PostgresConnections = { connections: number; maxConnections: number };

/**
 * Connects, runs `select 1` and reads the connection count, each bounded by the timeout; a failure is a ProbeFailure
 * naming the server without its password.
 */
export async function postgresConnections(url: string, t: number): Promise<PostgresConnections> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: t,
    query_timeout: t,
    statement_timeout: t,
  });
  client.on("error", () => {
    /* reported through the query */
  });
  try {
    await client.connect();
    await client.query("select 1");
    const r = await client.query<{ n: number; max: number }>(
      "select (select count(*)::int from pg_stat_activity) as n, (select setting::int from pg_settings where name = 'max_connections') as max",
    );
    const { n, max } = r.rows[0]!;
    return { connections: n, maxConnections: max };
  } catch (e) {
    if (e instanceof ProbeFailure) throw e;
    const msg = (e as Error).message;
    if (/timeout/i.test(msg)) throw new ProbeFailure(`timed out after ${t} ms (${redact(url)})`);
    throw new ProbeFailure(
      (e as { code?: string }).code ? describeNetworkError(e, redact(url), t) : `${msg} (${redact(url)})`,
    );
  } finally {
    void client.end().catch(() => {});
  }
}
