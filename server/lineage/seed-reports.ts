import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Prisma } from "../../prisma/generated/client.ts";
import type { Db } from "../adapters/db/index.ts";
import { instantOf, MIN_TIME_MS, storableDateTime } from "../bounds.ts";
import { addQualityResult, canonicalHash, datasetKey, jobKey, upsertDataset, upsertEdge, upsertJob, type CheckResult } from "./model.ts";

/** Namespace of everything the seed's own reporters send (they name tables by layer, not by URI). */
export const SEED_NAMESPACE = "nexus";
const Layer = z.enum(["bronze", "silver", "gold"]).or(z.string().min(1).max(100));
/** The seed writes `datetime.now().isoformat()`: local time without a zone, read as UTC. */
const Timestamp = storableDateTime({ local: true });
/** A job's duration at most (a century): its start is stored, and must stay a storable time. */
const MAX_DURATION_SECONDS = 100 * 366 * 86_400;

/** A transformation as the seed's LineageTracker.track_transformation records it (contracts.md 3.2). */
export const TransformationReport = z.object({
  job_name: z.string().min(1).max(512),
  source: z.object({ layer: Layer, tables: z.array(z.string().min(1).max(512)).min(1).max(1000) }),
  destination: z.object({ layer: Layer, table: z.string().min(1).max(512) }),
  transformation_type: z.string().max(200).optional(),
  metrics: z.object({ row_count_in: z.number().nonnegative().optional(), row_count_out: z.number().nonnegative().optional() }).default({}),
  timestamp: Timestamp.optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

/** A quality result as DataQualityChecker keeps it (contracts.md 3.1), or with a score given. */
export const QualityReport = z.object({
  dataset: z.string().min(1).max(512),
  layer: Layer,
  score: z.number().min(0).max(100).optional(),
  checks: z.array(z.object({ check: z.string().min(1).max(500), status: z.enum(["PASSED", "FAILED", "WARNING"]), message: z.string().max(5000).nullish() })).max(10_000).default([]),
  success: z.boolean().optional(),
  row_count: z.number().nonnegative().optional(),
  timestamp: Timestamp.optional(),
});

/** Great Expectations' validation result (0.18 and 1.x), as `result.to_json_dict()` writes it. */
export const GreatExpectationsResult = z.object({
  success: z.boolean(),
  results: z.array(z.object({
    success: z.boolean(),
    expectation_config: z.object({ expectation_type: z.string().optional(), type: z.string().optional(), kwargs: z.record(z.string(), z.unknown()).default({}) }).loose(),
    result: z.record(z.string(), z.unknown()).nullish(),
    exception_info: z.unknown().optional(),
  }).loose()),
  statistics: z.object({ evaluated_expectations: z.number(), successful_expectations: z.number(), success_percent: z.number().nullable() }).loose().optional(),
  /** Where the dataset's name comes from without ?dataset=: as bounded as QualityReport's (it is indexed). */
  meta: z.object({
    active_batch_definition: z.object({ data_asset_name: z.string().min(1).max(512).optional() }).loose().nullish(),
    batch_spec: z.object({ data_asset_name: z.string().min(1).max(512).optional() }).loose().nullish(),
  }).loose().optional(),
}).loose();

/** Job metrics as MetricsEmitter.emit_job_metrics reports them (contracts.md 3.3). */
export const JobMetricsReport = z.object({
  job: z.string().min(1).max(512),
  duration_seconds: z.number().nonnegative().max(MAX_DURATION_SECONDS),
  records_processed: z.number().nonnegative().default(0),
  records_failed: z.number().nonnegative().default(0),
  status: z.string().min(1).max(50).default("success"),
  timestamp: Timestamp.optional(),
}).refine((r) => {
  const end = r.timestamp ? instantOf(r.timestamp) : Date.now();
  // Only when both fields are in range on their own: each is named once.
  return end < MIN_TIME_MS || r.duration_seconds > MAX_DURATION_SECONDS || end - r.duration_seconds * 1000 >= MIN_TIME_MS;
}, { path: ["duration_seconds"], message: "starts before 0001-01-01T00:00:00Z (timestamp minus duration)" });

const when = (t?: string) => (t ? new Date(instantOf(t)) : new Date());

async function storeRaw(db: Prisma.TransactionClient, kind: string, body: unknown, at: Date, by: string | null, runId: string | null) {
  // Seed reports carry no id: two identical reports are two reports, so the hash includes a fresh nonce.
  await db.lineageEvent.create({ data: { hash: canonicalHash({ body, nonce: randomUUID() }), kind, eventTime: at, runId, body: body as Prisma.InputJsonValue, receivedBy: by } });
}

export async function recordTransformation(db: Db, r: z.infer<typeof TransformationReport>, by: string | null) {
  const at = when(r.timestamp);
  return db.$transaction(async (tx) => {
    const job = await upsertJob(tx, { namespace: SEED_NAMESPACE, name: r.job_name, facets: r.transformation_type ? { transformationType: r.transformation_type } : undefined });
    const runId = randomUUID();
    const rowsIn = r.metrics.row_count_in ?? null, rowsOut = r.metrics.row_count_out ?? null;
    await tx.lineageRun.create({ data: { id: runId, jobId: job.id, state: "COMPLETE", stateTime: at, startedAt: at, endedAt: at, rowsIn, rowsOut } });
    for (const t of r.source.tables) {
      const d = await upsertDataset(tx, { namespace: SEED_NAMESPACE, name: `${r.source.layer}/${t}`, layer: layerOf(r.source.layer) });
      await upsertEdge(tx, { from: datasetKey(d.id), to: jobKey(job.id), jobId: job.id, rowsIn: r.source.tables.length === 1 ? rowsIn : null, runId });
    }
    const out = await upsertDataset(tx, { namespace: SEED_NAMESPACE, name: `${r.destination.layer}/${r.destination.table}`, layer: layerOf(r.destination.layer) });
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
    const d = known.length === 1 ? known[0]! : await upsertDataset(tx, { namespace: SEED_NAMESPACE, name, layer: layerOf(r.layer) });
    const q = await addQualityResult(tx, { datasetId: d.id, layer: layerOf(r.layer) ?? d.layer, checks: r.checks, score: r.score ?? null, source, at });
    await storeRaw(tx, `quality-${source}`, r, at, by, null);
    return { datasetId: d.id, dataset: d.name, score: q.score, passed: q.passed, failed: q.failed };
  });
}

/** Great Expectations results become a quality result with one check per expectation. */
export async function recordGreatExpectations(db: Db, ge: z.infer<typeof GreatExpectationsResult>, target: { dataset: string; layer: string }, by: string | null) {
  const checks: CheckResult[] = ge.results.map((x) => {
    const type = x.expectation_config.expectation_type ?? x.expectation_config.type ?? "expectation";
    const column = typeof x.expectation_config.kwargs.column === "string" ? x.expectation_config.kwargs.column : null;
    const unexpected = x.result && typeof x.result.unexpected_count === "number" ? `${x.result.unexpected_count} unexpected` : null;
    return { check: column ? `${type}(${column})` : type, status: x.success ? "PASSED" : "FAILED", column, message: unexpected };
  });
  const score = ge.statistics?.success_percent ?? null;
  return recordQuality(db, { dataset: target.dataset, layer: target.layer, checks, score: score ?? undefined }, by, "great-expectations");
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
        id: runId, jobId: job.id, state: failed ? "FAIL" : "COMPLETE", stateTime: end, startedAt: start, endedAt: end,
        rowsIn: r.records_processed, rowsOut: Math.max(0, r.records_processed - r.records_failed),
        facets: { recordsFailed: r.records_failed, status: r.status } as Prisma.InputJsonValue,
      },
    });
    await storeRaw(tx, "seed-job-metrics", r, end, by, runId);
    return { runId, job: r.job };
  });
}
