import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/databases.ts";
import type { DbHandle } from "../adapters/db/index.ts";
import { ValidationError } from "../errors.ts";
import { ingestLineage } from "./ingest.ts";
import { getDataset, getJob, lineageGraph } from "./queries.ts";
import { facet, P, runEvent, S } from "./run-event.fixture.ts";

describe.each(testDatabases())("lineage ingest on $name", (database) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await database.open();
  });
  afterAll(async () => {
    await h?.close();
  });

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
    const start = runEvent(runId, "START", "2026-11-25T11:00:00Z", {
      job: { namespace: "spark://batch", name: "batched_job" },
    });
    const fail = runEvent(runId, "FAIL", "2026-11-25T11:02:00Z", {
      job: { namespace: "spark://batch", name: "batched_job" },
      run: {
        runId,
        facets: { errorMessage: facet("ErrorMessageRunFacet", { message: "boom", programmingLanguage: "python" }) },
      },
    });
    // Submitted in one tick: the first forms a batch at once, the others queue behind it and are written together.
    const [a, b, c, d, e] = await Promise.all([
      ingestLineage(h, runEvent(randomUUID(), "START", "2026-11-25T11:00:00Z"), "tester"),
      ingestLineage(h, stored, "tester"),
      ingestLineage(h, start, "tester"),
      ingestLineage(h, fail, "tester"),
      ingestLineage(h, start, "tester"),
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
      expect(await h.prisma.lineageRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({
        state: "COMPLETE",
      });
    }
  });

  it("rejects an invalid event with the failing JSON paths, and tells a FAIL with its error message", async () => {
    const bad = {
      eventType: "COMPLETE",
      eventTime: "not a time",
      producer: P,
      schemaURL: S,
      run: { runId: "nope" },
      job: { namespace: "x" },
      outputs: [{ namespace: "n", name: "d", facets: { schema: { fields: [] } } }],
    };
    const err = await ingestLineage(h, bad, null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).errors.map((e) => e.path).sort()).toEqual([
      "eventTime",
      "job.name",
      "outputs.0.facets.schema._producer",
      "outputs.0.facets.schema._schemaURL",
      "run.runId",
    ]);

    const runId = randomUUID();
    await ingestLineage(
      h,
      runEvent(runId, "FAIL", "2026-11-25T11:00:00Z", {
        run: {
          runId,
          facets: {
            errorMessage: facet("ErrorMessageRunFacet", { message: "OutOfMemoryError", programmingLanguage: "JAVA" }),
          },
        },
      }),
      null,
    );
    expect(await h.prisma.lineageRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({
      state: "FAIL",
      errorMessage: "OutOfMemoryError",
    });
  });

  it("stores a zone-less eventTime as that time in UTC in any server zone, and keeps a non-URI dataSource uri (issue #15)", async () => {
    const tz = process.env.TZ;
    process.env.TZ = "America/Los_Angeles";
    try {
      const runId = randomUUID(),
        name = `analytics.shop_${runId.slice(0, 8)}.orders`;
      const source = facet("DatasourceDatasetFacet", { name: "bigquery", uri: "bigquery" });
      const r = await ingestLineage(
        h,
        runEvent(runId, "START", "2021-11-03T10:53:52.427343", {
          job: { namespace: "dbt", name },
          inputs: [],
          outputs: [{ namespace: "bigquery", name, facets: { dataSource: source } }],
        }),
        null,
      );
      expect(r.warnings.map((w) => `${w.path} ${w.action}`)).toEqual([
        "eventTime normalized",
        "outputs.0.facets.dataSource.uri kept",
      ]);
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
    expect(
      await ingestLineage(
        h,
        {
          eventTime: "2026-11-25T12:00:00Z",
          producer: P,
          schemaURL: S,
          dataset: { namespace: "iceberg", name: "gold.daily_summary" },
        },
        null,
      ),
    ).toMatchObject({ kind: "dataset" });
    expect(
      await ingestLineage(
        h,
        {
          eventTime: "2026-11-25T12:00:00Z",
          producer: P,
          schemaURL: S,
          job: { namespace: "airflow", name: "silver_to_gold" },
          inputs: [{ namespace: "iceberg", name: "silver.app_events_cleaned" }],
          outputs: [{ namespace: "iceberg", name: "gold.daily_summary" }],
        },
        null,
      ),
    ).toMatchObject({ kind: "job" });
    const om = await ingestLineage(
      h,
      {
        edge: {
          fromEntity: { id: "unknown", type: "table" },
          toEntity: { id: "silver/app_events_cleaned", type: "table" },
        },
        description: "transformation event",
        pipeline: { name: "bronze_to_silver", type: "Spark" },
      },
      null,
    );
    expect(om).toMatchObject({
      kind: "openmetadata-edge",
      skipped: ['edge.fromEntity.id is "unknown": no input dataset recorded'],
    });
    const g = await lineageGraph(h.prisma, { node: "dataset:app_events", direction: "downstream", depth: 4 });
    expect(
      g.nodes
        .filter((n) => n.kind === "dataset")
        .map((n) => n.name)
        .sort(),
    ).toEqual(["app_events", "gold.daily_summary", "silver.app_events_cleaned"]);
    const e = g.edges.find(
      (x) => x.to.startsWith("dataset:") && g.nodes.find((n) => n.key === x.to)?.name === "silver.app_events_cleaned",
    )!;
    expect(e.lossPercent).toBeCloseTo(5);
  });
});
