import "server-only";
import type { Db } from "../adapters/db/index.ts";

/**
 * Deletes raw lineage reports (OpenLineage events, seed reports, pushes) received more than `days` ago.
 * The model derived from them (jobs, runs, datasets, edges, quality results) stays.
 */
export async function pruneLineageEvents(db: Db, days: number, now = new Date()): Promise<number> {
  const r = await db.lineageEvent.deleteMany({
    where: { receivedAt: { lt: new Date(now.getTime() - days * 86_400_000) } },
  });
  return r.count;
}
