import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Prisma } from "../../prisma/generated/client.ts";
import type { Db } from "../adapters/db/index.ts";
import { instantOf } from "../bounds.ts";
import {
  GreatExpectationsResult,
  JobMetricsReport,
  QualityReport,
  TransformationReport,
} from "./seed-report-contract.ts";
import {
  addQualityResult,
  canonicalHash,
  datasetKey,
  jobKey,
  upsertDataset,
  upsertEdge,
  upsertJob,
  type CheckResult,
} from "./model.ts";

/** Namespace of everything the seed's own reporters send (they name tables by layer, not by URI). */
export const SEED_NAMESPACE = "nexus";
export { GreatExpectationsResult, JobMetricsReport, QualityReport, TransformationReport };

const when = (t?: string) => (t ? new Date(instantOf(t)) : new Date());

async function storeRaw(
  db: Prisma.TransactionClient,
  kind: string,
  body: unknown,
  at: Date,
  by: string | null,
  runId: string | null,
) {
  // Seed reports carry no id: two identical reports are two reports, so the hash includes a fresh nonce.
  await db.lineageEvent.create({
    data: {
      hash: canonicalHash({ body, nonce: randomUUID() }),
      kind,
      eventTime: at,
      runId,
      body: body as Prisma.InputJsonValue,
      receivedBy: by,
    },
  });
}

export async function recordTransformation(db: Db, r: z.infer<typeof TransformationReport>, by: string | null) {
  const at = when(r.timestamp);
  return db.$transaction(async (tx) => {
    const job = await upsertJob(tx, {
      namespace: SEED_NAMESPACE,
      name: r.job_name,
      facets: r.transformation_type ? { transformationType: r.transformation_type } : undefined,
    });
    const runId = randomUUID();
    const rowsIn = r.metrics.row_count_in ?? null,
      rowsOut = r.metrics.row_count_out ?? null;
    await tx.lineageRun.create({
      data: { id: runId, jobId: job.id, state: "COMPLETE", stateTime: at, startedAt: at, endedAt: at, rowsIn, rowsOut },
    });
    for (const t of r.source.tables) {
      const d = await upsertDataset(tx, {
        namespace: SEED_NAMESPACE,
        name: `${r.source.layer}/${t}`,
        layer: layerOf(r.source.layer),
      });
      await upsertEdge(tx, {
        from: datasetKey(d.id),
        to: jobKey(job.id),
        jobId: job.id,
        rowsIn: r.source.tables.length === 1 ? rowsIn : null,
        runId,
      });
    }
    const out = await upsertDataset(tx, {
      namespace: SEED_NAMESPACE,
      name: `${r.destination.layer}/${r.destination.table}`,
      layer: layerOf(r.destination.layer),
    });
    await upsertEdge(tx, { from: jobKey(job.id), to: datasetKey(out.id), jobId: job.id, rowsOut, runId });
    await storeRaw(tx, "seed-transformation", r, at, by, runId);
    const loss = rowsIn && rowsOut !== null ? ((rowsIn - rowsOut) / rowsIn) * 100 : null;
    return { runId, job: r.job_name, dataLossPercent: loss };
  });
}

const layerOf = (l: string) => (["bronze", "silver", "gold"].includes(l) ? l : null);

export async function recordQuality(db: Db, r: z.infer<typeof QualityReport>, by: string | null, source = "seed") {
  const at = when(r.timestamp);
  return db.$transaction(async (tx) => {
    // The seed's checker names a table, not a namespace: a dataset of that name already known from lineage
    // (in any namespace, when there is exactly one) is the one scored; otherwise it is recorded under "nexus".
    const name = r.dataset.includes("/") ? r.dataset : `${r.layer}/${r.dataset}`;
    const known = await tx.lineageDataset.findMany({ where: { OR: [{ name }, { name: r.dataset }] }, take: 2 });
    const d =
      known.length === 1
        ? known[0]!
        : await upsertDataset(tx, { namespace: SEED_NAMESPACE, name, layer: layerOf(r.layer) });
    const q = await addQualityResult(tx, {
      datasetId: d.id,
      layer: layerOf(r.layer) ?? d.layer,
      checks: r.checks,
      score: r.score ?? null,
      source,
      at,
    });
    await storeRaw(tx, `quality-${source}`, r, at, by, null);
    return { datasetId: d.id, dataset: d.name, score: q.score, passed: q.passed, failed: q.failed };
  });
}

/** Great Expectations results become a quality result with one check per expectation. */
export async function recordGreatExpectations(
  db: Db,
  ge: z.infer<typeof GreatExpectationsResult>,
  target: { dataset: string; layer: string },
  by: string | null,
) {
  const checks: CheckResult[] = ge.results.map((x) => {
    const type = x.expectation_config.expectation_type ?? x.expectation_config.type ?? "expectation";
    const column = typeof x.expectation_config.kwargs.column === "string" ? x.expectation_config.kwargs.column : null;
    const unexpected =
      x.result && typeof x.result.unexpected_count === "number" ? `${x.result.unexpected_count} unexpected` : null;
    return {
      check: column ? `${type}(${column})` : type,
      status: x.success ? "PASSED" : "FAILED",
      column,
      message: unexpected,
    };
  });
  const score = ge.statistics?.success_percent ?? null;
  return recordQuality(
    db,
    { dataset: target.dataset, layer: target.layer, checks, score: score ?? undefined },
    by,
    "great-expectations",
  );
}

export async function recordJobMetrics(db: Db, r: z.infer<typeof JobMetricsReport>, by: string | null) {
  const end = when(r.timestamp);
  const start = new Date(end.getTime() - r.duration_seconds * 1000);
  const failed = /fail|error/i.test(r.status);
  return db.$transaction(async (tx) => {
    const job = await upsertJob(tx, { namespace: SEED_NAMESPACE, name: r.job });
    const runId = randomUUID();
    await tx.lineageRun.create({
      data: {
        id: runId,
        jobId: job.id,
        state: failed ? "FAIL" : "COMPLETE",
        stateTime: end,
        startedAt: start,
        endedAt: end,
        rowsIn: r.records_processed,
        rowsOut: Math.max(0, r.records_processed - r.records_failed),
        facets: { recordsFailed: r.records_failed, status: r.status } as Prisma.InputJsonValue,
      },
    });
    await storeRaw(tx, "seed-job-metrics", r, end, by, runId);
    return { runId, job: r.job };
  });
}
