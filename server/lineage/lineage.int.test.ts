import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/databases.ts";
import type { DbHandle } from "../adapters/db/index.ts";
import { ValidationError } from "../errors.ts";
import { ingestLineage } from "./ingest.ts";
import { pruneLineageEvents } from "./retention.ts";
import { lineageGraph, getDataset, getJob } from "./queries.ts";
import { qualityGate } from "./quality-gate.ts";
import { qualityOverview } from "./quality-overview.ts";
import { recordGreatExpectations, recordJobMetrics, recordQuality, recordTransformation, GreatExpectationsResult } from "./seed-reports.ts";

const P = "https://github.com/OpenLineage/OpenLineage/tree/1.0.0/client/python";
const S = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent";
const facet = (name: string, body: Record<string, unknown>) => ({ _producer: P, _schemaURL: `https://openlineage.io/spec/facets/1-0-0/${name}.json`, ...body });

/** A RunEvent in the shape of the spec's examples: inputs with statistics, outputs with schema and assertions. */
function runEvent(runId: string, eventType: string, eventTime: string, over: Record<string, unknown> = {}) {
  return {
    eventType, eventTime, producer: P, schemaURL: S,
    run: { runId, facets: { nominalTime: facet("NominalTimeRunFacet", { nominalStartTime: "2026-11-25T00:00:00Z" }) } },
    job: { namespace: "spark://batch", name: "bronze_to_silver", facets: { sql: facet("SQLJobFacet", { query: "SELECT * FROM bronze.app_events" }) } },
    inputs: [{ namespace: "s3a://bronze", name: "app_events", inputFacets: { inputStatistics: facet("InputStatisticsInputDatasetFacet", { rowCount: 1000, size: 4096 }) } }],
    outputs: [{
      namespace: "iceberg", name: "silver.app_events_cleaned",
      facets: {
        schema: facet("SchemaDatasetFacet", { fields: [{ name: "user_id", type: "BIGINT" }, { name: "action", type: "STRING" }] }),
        dataQualityAssertions: facet("DataQualityAssertionsDatasetFacet", { assertions: [{ assertion: "not_null", success: true, column: "user_id" }, { assertion: "unique", success: false, column: "user_id" }] }),
        myCompanyFacet: facet("Custom", { anything: [1, 2, 3] }),
      },
      outputFacets: { outputStatistics: facet("OutputStatisticsOutputDatasetFacet", { rowCount: 950, size: 3900 }) },
    }],
    ...over,
  };
}

describe.each(testDatabases())("lineage and quality on $name", (database) => {
  let h: DbHandle;
  beforeAll(async () => { h = await database.open(); });
  afterAll(async () => { await h?.close(); });

  it("ingests a run's events out of order and ends in the right state, storing a repeat once", async () => {
    const runId = randomUUID();
    const complete = runEvent(runId, "COMPLETE", "2026-11-25T10:05:00Z");
    const start = runEvent(runId, "START", "2026-11-25T10:00:00Z", { outputs: [] });
    expect(await ingestLineage(h, complete, "tester")).toMatchObject({ kind: "run", duplicate: false });
    expect(await ingestLineage(h, start, "tester")).toMatchObject({ duplicate: false });
    // The same event again, keys in another order: stored once.
    const again = Object.fromEntries(Object.entries(complete).reverse());
    expect(await ingestLineage(h, again, "tester")).toMatchObject({ duplicate: true });
    expect(await h.prisma.lineageEvent.count({ where: { runId } })).toBe(2);

    const run = await h.prisma.lineageRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ state: "COMPLETE", rowsIn: 1000, rowsOut: 950 });
    expect(run.startedAt?.toISOString()).toBe("2026-11-25T10:00:00.000Z");
    expect(run.endedAt?.toISOString()).toBe("2026-11-25T10:05:00.000Z");
    expect(run.nominalStart?.toISOString()).toBe("2026-11-25T00:00:00.000Z");

    const silver = await h.prisma.lineageDataset.findFirstOrThrow({ where: { name: "silver.app_events_cleaned" } });
    expect(silver.layer).toBe("silver");
    expect((silver.facets as Record<string, unknown>).myCompanyFacet).toMatchObject({ anything: [1, 2, 3] }); // unknown facets kept
    const detail = await getDataset(h.prisma, silver.id);
    expect(detail.upstream.map((d) => d.name)).toEqual(["app_events"]);
    expect(detail.quality[0]).toMatchObject({ score: 50, passed: 1, failed: 1, source: "openlineage" });
    const job = await getJob(h.prisma, detail.producers[0]!.jobId);
    expect(job.runs[0]).toMatchObject({ state: "COMPLETE", durationSeconds: 300, rowsIn: 1000, rowsOut: 950 });
  });

  it("writes events that arrive together in one batch: a repeat of a stored event, a repeat within the batch and new events each get their due", async () => {
    const stored = runEvent(randomUUID(), "COMPLETE", "2026-11-25T09:00:00Z");
    const first = await ingestLineage(h, stored, "tester");
    const runId = randomUUID();
    const start = runEvent(runId, "START", "2026-11-25T11:00:00Z", { job: { namespace: "spark://batch", name: "batched_job" } });
    const fail = runEvent(runId, "FAIL", "2026-11-25T11:02:00Z", {
      job: { namespace: "spark://batch", name: "batched_job" },
      run: { runId, facets: { errorMessage: facet("ErrorMessageRunFacet", { message: "boom", programmingLanguage: "python" }) } },
    });
    // Submitted in one tick: the first forms a batch at once, the others queue behind it and are written together.
    const [a, b, c, d, e] = await Promise.all([
      ingestLineage(h, runEvent(randomUUID(), "START", "2026-11-25T11:00:00Z"), "tester"),
      ingestLineage(h, stored, "tester"), ingestLineage(h, start, "tester"), ingestLineage(h, fail, "tester"), ingestLineage(h, start, "tester"),
    ]);
    expect(a!.duplicate).toBe(false);
    expect(b).toMatchObject({ duplicate: true, eventId: first.eventId });
    expect(c).toMatchObject({ duplicate: false });
    expect(d).toMatchObject({ duplicate: false });
    expect(e).toMatchObject({ duplicate: true, eventId: c!.eventId });
    expect(await h.prisma.lineageEvent.count({ where: { runId } })).toBe(2);
    const run = await h.prisma.lineageRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ state: "FAIL", errorMessage: "boom", rowsIn: 1000 });
    expect(run.startedAt?.toISOString()).toBe("2026-11-25T11:00:00.000Z");
    expect(run.endedAt?.toISOString()).toBe("2026-11-25T11:02:00.000Z");
    expect(await h.prisma.lineageJob.count({ where: { name: "batched_job" } })).toBe(1);
  });

  it("stores both events of a new run sent at the same moment, neither taken for a duplicate", async () => {
    for (let i = 0; i < 5; i++) {
      const runId = randomUUID();
      const results = await Promise.all([
        ingestLineage(h, runEvent(runId, "START", "2026-11-25T10:00:00Z"), null),
        ingestLineage(h, runEvent(runId, "COMPLETE", "2026-11-25T10:01:00Z"), null),
      ]);
      expect(results.map((r) => r.duplicate)).toEqual([false, false]);
      expect(await h.prisma.lineageEvent.count({ where: { runId } })).toBe(2);
      expect(await h.prisma.lineageRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ state: "COMPLETE" });
    }
  });

  it("rejects an invalid event with the failing JSON paths, and tells a FAIL with its error message", async () => {
    const bad = { eventType: "COMPLETE", eventTime: "not a time", producer: P, schemaURL: S, run: { runId: "nope" }, job: { namespace: "x" },
      outputs: [{ namespace: "n", name: "d", facets: { schema: { fields: [] } } }] };
    const err = await ingestLineage(h, bad, null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).errors.map((e) => e.path).sort()).toEqual(["eventTime", "job.name", "outputs.0.facets.schema._producer", "outputs.0.facets.schema._schemaURL", "run.runId"]);

    const runId = randomUUID();
    await ingestLineage(h, runEvent(runId, "FAIL", "2026-11-25T11:00:00Z", {
      run: { runId, facets: { errorMessage: facet("ErrorMessageRunFacet", { message: "OutOfMemoryError", programmingLanguage: "JAVA" }) } },
    }), null);
    expect(await h.prisma.lineageRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ state: "FAIL", errorMessage: "OutOfMemoryError" });
  });

  it("stores a zone-less eventTime as that time in UTC in any server zone, and keeps a non-URI dataSource uri (issue #15)", async () => {
    const tz = process.env.TZ;
    process.env.TZ = "America/Los_Angeles";
    try {
      const runId = randomUUID(), name = `analytics.shop_${runId.slice(0, 8)}.orders`;
      const source = facet("DatasourceDatasetFacet", { name: "bigquery", uri: "bigquery" });
      const r = await ingestLineage(h, runEvent(runId, "START", "2021-11-03T10:53:52.427343", {
        job: { namespace: "dbt", name }, inputs: [], outputs: [{ namespace: "bigquery", name, facets: { dataSource: source } }],
      }), null);
      expect(r.warnings.map((w) => `${w.path} ${w.action}`)).toEqual(["eventTime normalized", "outputs.0.facets.dataSource.uri kept"]);
      const run = await h.prisma.lineageRun.findUniqueOrThrow({ where: { id: runId } });
      expect(run.startedAt?.toISOString()).toBe("2021-11-03T10:53:52.427Z");
      const stored = await h.prisma.lineageEvent.findFirstOrThrow({ where: { runId } });
      expect(stored.eventTime.toISOString()).toBe("2021-11-03T10:53:52.427Z");
      expect((stored.body as { eventTime: string }).eventTime).toBe("2021-11-03T10:53:52.427343"); // the raw event as sent
      const ds = await h.prisma.lineageDataset.findFirstOrThrow({ where: { namespace: "bigquery", name } });
      expect((ds.facets as { dataSource: unknown }).dataSource).toMatchObject({ uri: "bigquery" });
    } finally {
      process.env.TZ = tz;
    }
  });

  it("accepts DatasetEvents, JobEvents and the seed tracker's edge (skipping its 'unknown' ends)", async () => {
    expect(await ingestLineage(h, { eventTime: "2026-11-25T12:00:00Z", producer: P, schemaURL: S, dataset: { namespace: "iceberg", name: "gold.daily_summary" } }, null)).toMatchObject({ kind: "dataset" });
    expect(await ingestLineage(h, { eventTime: "2026-11-25T12:00:00Z", producer: P, schemaURL: S, job: { namespace: "airflow", name: "silver_to_gold" },
      inputs: [{ namespace: "iceberg", name: "silver.app_events_cleaned" }], outputs: [{ namespace: "iceberg", name: "gold.daily_summary" }] }, null)).toMatchObject({ kind: "job" });
    const om = await ingestLineage(h, { edge: { fromEntity: { id: "unknown", type: "table" }, toEntity: { id: "silver/app_events_cleaned", type: "table" } }, description: "transformation event", pipeline: { name: "bronze_to_silver", type: "Spark" } }, null);
    expect(om).toMatchObject({ kind: "openmetadata-edge", skipped: ['edge.fromEntity.id is "unknown": no input dataset recorded'] });
    const g = await lineageGraph(h.prisma, { node: "dataset:app_events", direction: "downstream", depth: 4 });
    expect(g.nodes.filter((n) => n.kind === "dataset").map((n) => n.name).sort()).toEqual(["app_events", "gold.daily_summary", "silver.app_events_cleaned"]);
    const e = g.edges.find((x) => x.to.startsWith("dataset:") && g.nodes.find((n) => n.key === x.to)?.name === "silver.app_events_cleaned")!;
    expect(e.lossPercent).toBeCloseTo(5);
  });

  it("answers graph queries on a generated DAG with known answers", async () => {
    // A chain of layers: L0 -> job -> L1 -> job -> L2 ..., 4 datasets per layer, each job reading two datasets.
    const ns = `dag-${randomUUID().slice(0, 6)}`;
    const ds = (l: number, i: number) => ({ namespace: ns, name: `l${l}_d${i}` });
    for (let l = 0; l < 5; l++) {
      for (let i = 0; i < 4; i++) {
        await ingestLineage(h, { eventTime: "2026-11-25T12:00:00Z", producer: P, schemaURL: S, job: { namespace: ns, name: `j${l}_${i}` },
          inputs: [ds(l, i), ds(l, (i + 1) % 4)], outputs: [ds(l + 1, i)] }, null);
      }
    }
    // Downstream of l0_d0, 2 hops: j0_0 and j0_3 (both read it), then l1_d0 and l1_d3.
    const two = await lineageGraph(h.prisma, { node: `dataset:l0_d0`, direction: "downstream", depth: 2 });
    expect(two.nodes.map((n) => n.name).sort()).toEqual(["j0_0", "j0_3", "l0_d0", "l1_d0", "l1_d3"]);
    // Upstream of l2_d0, 4 hops: l1_d0, l1_d1 (via j1_0) then l0_d0, l0_d1, l0_d2 (via j0_0, j0_1).
    const up = await lineageGraph(h.prisma, { node: `dataset:l2_d0`, direction: "upstream", depth: 4 });
    expect(up.nodes.filter((n) => n.kind === "dataset").map((n) => n.name).sort()).toEqual(["l0_d0", "l0_d1", "l0_d2", "l1_d0", "l1_d1", "l2_d0"]);
    expect(up.edges).toHaveLength(2 + 1 + 4 + 2);
    // Deep enough for all 10 hops: the reach widens by one dataset per layer (each job also reads its neighbour)
    // until it covers a layer: 1 (l0_d0) + 2 + 3 + 4 + 4 + 4.
    const all = await lineageGraph(h.prisma, { node: `dataset:l0_d0`, direction: "downstream", depth: 20 });
    expect(all.nodes.filter((n) => n.kind === "dataset").length).toBe(1 + 2 + 3 + 4 + 4 + 4);
    expect(all.nodes.filter((n) => n.kind === "dataset" && n.name.startsWith("l2_")).map((n) => n.name).sort()).toEqual(["l2_d0", "l2_d2", "l2_d3"]);
  });

  it("records seed reports and Great Expectations results, and gates on the latest score", async () => {
    const t = await recordTransformation(h.prisma, { job_name: "silver_to_gold", source: { layer: "silver", tables: ["app_events_cleaned"] }, destination: { layer: "gold", table: "user_360_view" }, metrics: { row_count_in: 200, row_count_out: 150 } }, null);
    expect(t.dataLossPercent).toBe(25);
    await recordJobMetrics(h.prisma, { job: "silver_to_gold", duration_seconds: 42, records_processed: 200, records_failed: 50, status: "success" }, null);
    const q1 = await recordQuality(h.prisma, { dataset: "user_360_view", layer: "gold", checks: [
      { check: "expected_columns_exist", status: "PASSED" }, { check: "duplicate_rows", status: "WARNING" }, { check: "null_values", status: "PASSED" }, { check: "range", status: "PASSED" },
    ] }, null);
    expect(q1).toMatchObject({ score: 75, passed: 3, failed: 0 });
    const gate = await qualityGate(h.prisma, { dataset: "user_360_view", min: 80 });
    expect(gate).toMatchObject({ passed: false, results: [{ score: 75, reason: "score 75.0 is below 80" }] });
    await recordQuality(h.prisma, { dataset: "user_360_view", layer: "gold", score: 96, checks: [] }, null);
    expect((await qualityGate(h.prisma, { dataset: "user_360_view", min: 80 })).passed).toBe(true);

    const ge = GreatExpectationsResult.parse({
      success: false,
      results: [
        { success: true, expectation_config: { expectation_type: "expect_column_values_to_not_be_null", kwargs: { column: "user_id" } }, result: { unexpected_count: 0 } },
        { success: false, expectation_config: { expectation_type: "expect_column_values_to_be_between", kwargs: { column: "age", min_value: 0, max_value: 120 } }, result: { unexpected_count: 2 } },
      ],
      statistics: { evaluated_expectations: 2, successful_expectations: 1, success_percent: 50 },
    });
    const r = await recordGreatExpectations(h.prisma, ge, { dataset: "users", layer: "silver" }, null);
    expect(r).toMatchObject({ score: 50, passed: 1, failed: 1 });
    const layerGate = await qualityGate(h.prisma, { layer: "silver", min: 80 });
    expect(layerGate.passed).toBe(false);
    const ov = await qualityOverview(h.prisma, { threshold: 80 });
    expect(ov.datasets[0]!.score).toBeLessThanOrEqual(ov.datasets.at(-1)!.score!);
    expect(ov.layers.find((l) => l.layer === "gold")).toMatchObject({ datasets: 1, average: 96, below: 0 });
  });

  it("prunes raw events past their retention and keeps the derived model", async () => {
    const runs = await h.prisma.lineageRun.count();
    await h.prisma.lineageEvent.updateMany({ data: { receivedAt: new Date("2026-01-01T00:00:00Z") } });
    const fresh = randomUUID();
    await ingestLineage(h, runEvent(fresh, "START", "2026-11-25T13:00:00Z"), null);
    const removed = await pruneLineageEvents(h.prisma, 30, new Date("2026-11-25T14:00:00Z"));
    expect(removed).toBeGreaterThan(10);
    expect(await h.prisma.lineageEvent.count()).toBe(1);
    expect(await h.prisma.lineageRun.count()).toBe(runs + 1);
  });
});
