import "server-only";
import type { Db } from "../adapters/db/index.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import type { GateResult } from "./contract.ts";
import { datasetQuality, gateVerdict } from "./quality-state.ts";
import { resolveDataset } from "./resolve.ts";

/**
 * CI gate over one dataset (`dataset`: namespace/name, id, or a unique name) or every dataset of a layer: each
 * passes when none of its checks' latest outcomes failed and its score is at least `min`.
 */
export async function qualityGate(db: Db, q: { dataset?: string; layer?: string; min: number }): Promise<GateResult> {
  if (!q.dataset && !q.layer)
    throw new ValidationError("give dataset or layer", [
      { path: "query.dataset", message: "dataset or layer is required" },
    ]);
  const where = q.dataset ? { id: (await resolveDataset(db, q.dataset)).id } : { layer: q.layer };
  const datasets = await db.lineageDataset.findMany({ where, orderBy: [{ namespace: "asc" }, { name: "asc" }] });
  if (!datasets.length) throw new NotFoundError(`no dataset in layer ${q.layer}`);
  const quality = await datasetQuality(
    db,
    datasets.map((d) => d.id),
  );
  const results = datasets.map((d) => {
    const s = quality.get(d.id);
    return {
      dataset: `${d.namespace}/${d.name}`,
      layer: d.layer,
      score: s?.score ?? null,
      at: s?.at.toISOString() ?? null,
      checks: s?.checks ?? [],
      ...gateVerdict(s, q.min),
    };
  });
  return { passed: results.every((r) => r.passed), min: q.min, results };
}
