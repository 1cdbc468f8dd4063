import "server-only";
import type { Db } from "../adapters/db/index.ts";
import type { HealthHistory, Status } from "./contract.ts";

/**
 * The platform trend over the last `minutes` (per cycle: services up, degraded, down, and DLQ messages,
 * averaged into at most ~300 buckets) and, for one service, its points and status changes.
 */
export async function healthHistory(
  db: Db,
  q: { service?: string; minutes: number },
  now = new Date(),
): Promise<HealthHistory> {
  const from = new Date(now.getTime() - q.minutes * 60_000);
  const bucket = Math.max(1, Math.round((q.minutes * 60) / 300));
  const cycles = await db.$queryRaw<{ t: Date; up: number; degraded: number; down: number; dlq: number | null }[]>`
    WITH per_cycle AS (
      SELECT "checkedAt",
        count(*) FILTER (WHERE status = 'up') AS up,
        count(*) FILTER (WHERE status = 'degraded') AS degraded,
        count(*) FILTER (WHERE status = 'down') AS down,
        max(CASE WHEN kind = 'kafka' AND jsonb_typeof(metrics->'dlq') = 'array'
          THEN (SELECT coalesce(sum((e->>'messages')::float8), 0) FROM jsonb_array_elements(metrics->'dlq') e) END) AS dlq
      FROM "HealthCheck" WHERE "checkedAt" >= ${from} GROUP BY "checkedAt"
    )
    SELECT to_timestamp(floor(extract(epoch FROM "checkedAt") / ${bucket}) * ${bucket}) AS t,
      round(avg(up))::float8 AS up, round(avg(degraded))::float8 AS degraded, round(avg(down))::float8 AS down, avg(dlq)::float8 AS dlq
    FROM per_cycle GROUP BY 1 ORDER BY 1`;
  let points: HealthHistory["points"] = [];
  let transitions: HealthHistory["transitions"] = [];
  if (q.service) {
    const rows = await db.healthCheck.findMany({
      where: { service: q.service, checkedAt: { gte: from } },
      orderBy: { checkedAt: "desc" },
      take: 2000,
      select: { checkedAt: true, status: true, latencyMs: true, detail: true },
    });
    points = rows.reverse().map((r) => ({
      checkedAt: r.checkedAt.toISOString(),
      status: r.status as Status,
      latencyMs: r.latencyMs,
      detail: r.detail,
    }));
    const changes = await db.$queryRaw<{ at: Date; from: string | null; to: string; detail: string }[]>`
      SELECT at, prev AS from, status AS to, detail FROM (
        SELECT "checkedAt" AS at, status, detail, lag(status) OVER (ORDER BY "checkedAt") AS prev
        FROM "HealthCheck" WHERE service = ${q.service} AND "checkedAt" >= ${from}
      ) x WHERE prev IS DISTINCT FROM status ORDER BY at DESC LIMIT 200`;
    transitions = changes
      .reverse()
      .map((c) => ({ at: c.at.toISOString(), from: c.from as Status | null, to: c.to as Status, detail: c.detail }));
  }
  return {
    cycles: cycles.map((c) => ({
      checkedAt: c.t.toISOString(),
      up: Number(c.up),
      degraded: Number(c.degraded),
      down: Number(c.down),
      dlqMessages: c.dlq === null ? null : Number(c.dlq),
    })),
    points,
    transitions,
  };
}

/** Deletes probe results older than `days`. */
export async function pruneHealthChecks(db: Db, days: number, now = new Date()): Promise<number> {
  const r = await db.healthCheck.deleteMany({
    where: { checkedAt: { lt: new Date(now.getTime() - days * 86_400_000) } },
  });
  return r.count;
}
