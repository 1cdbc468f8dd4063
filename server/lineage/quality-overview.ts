import "server-only";
import type { Db } from "../adapters/db/index.ts";
import type { QualityOverview } from "./contract.ts";
import { datasetQuality, scoreTrend } from "./quality-state.ts";

/** Datasets with any quality result, and their quality now (the gate's rule: each check by its latest outcome). */
async function scoredDatasets(db: Db) {
  const ids = (await db.qualityResult.findMany({ distinct: ["datasetId"], select: { datasetId: true } })).map(
    (x) => x.datasetId,
  );
  const [datasets, quality] = await Promise.all([
    db.lineageDataset.findMany({ where: { id: { in: ids } } }),
    datasetQuality(db, ids),
  ]);
  return { datasets, quality };
}

/** Quality overview: each dataset's score now (lowest first), average by layer, and the score after each recent result. */
export async function qualityOverview(db: Db, q: { threshold: number }): Promise<QualityOverview> {
  const { datasets, quality } = await scoredDatasets(db);
  const history = await db.qualityResult.findMany({
    where: { datasetId: { in: datasets.map((d) => d.id) } },
    orderBy: { createdAt: "asc" },
    select: { datasetId: true, score: true, checks: true, createdAt: true },
  });
  const byDs = new Map<string, { score: number; checks: unknown; at: Date }[]>();
  for (const h of history) {
    const l = byDs.get(h.datasetId) ?? [];
    l.push({ score: h.score, checks: h.checks, at: h.createdAt });
    byDs.set(h.datasetId, l);
  }
  const rows = datasets
    .map((d) => {
      const now = quality.get(d.id);
      return {
        id: d.id,
        namespace: d.namespace,
        name: d.name,
        layer: d.layer,
        score: now?.score ?? null,
        at: now?.at.toISOString() ?? null,
        trend: scoreTrend(byDs.get(d.id) ?? []).slice(-20),
        failingChecks: now?.checks.filter((c) => c.status === "FAILED").length ?? 0,
      };
    })
    .sort((a, b) => (a.score ?? -1) - (b.score ?? -1));
  const layers = ["bronze", "silver", "gold"].map((layer) => {
    const xs = rows.filter((r) => r.layer === layer && r.score !== null).map((r) => r.score!);
    return {
      layer,
      datasets: xs.length,
      average: xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null,
      below: xs.filter((x) => x < q.threshold).length,
    };
  });
  return { threshold: q.threshold, layers, datasets: rows };
}

/** Average of each dataset's score now, per layer of its latest result (the app's `data_quality_score{layer}`). */
export async function latestScoresByLayer(db: Db): Promise<{ layer: string; score: number }[]> {
  const { quality } = await scoredDatasets(db);
  const sums = new Map<string, { total: number; n: number }>();
  for (const q of quality.values()) {
    if (q.layer === null) continue;
    const s = sums.get(q.layer) ?? { total: 0, n: 0 };
    sums.set(q.layer, { total: s.total + q.score, n: s.n + 1 });
  }
  return [...sums].map(([layer, s]) => ({ layer, score: s.total / s.n }));
}
