import { afterEach, describe, expect, it } from "vitest";
import { foldRunEvent } from "./ingest.ts";
import { readDateTime } from "./lenient-formats.ts";
import { parseLineageBody, type RunEvent } from "./openlineage.ts";

/**
 * Issue #15, point 3: values off the spec's formats (an annotation in JSON Schema 2020-12) are accepted, normalized
 * or kept, with a warning naming the path; structure stays strict.
 */
const RUN_ID = "0195b5d4-8d5e-7c3a-9f00-5f6b2a1c0d11";
const P = "https://github.com/OpenLineage/OpenLineage/tree/1.54.0/client/python";
const facet = (schema: string, fields: Record<string, unknown> = {}) => ({
  _producer: P,
  _schemaURL: `https://openlineage.io/spec/facets/${schema}`,
  ...fields,
});
const event = (over: Record<string, unknown> = {}) => ({
  eventType: "START",
  eventTime: "2026-11-25T09:00:00Z",
  producer: P,
  schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
  run: { runId: RUN_ID, facets: {} },
  job: { namespace: "python-example", name: "job" },
  inputs: [],
  outputs: [],
  ...over,
});
/** As dbt-ol writes a model run on BigQuery: namespace "bigquery", and the dataSource facet naming it in both fields. */
const bigquery = (name: string) => ({
  namespace: "bigquery",
  name,
  facets: {
    dataSource: facet("1-0-1/DatasourceDatasetFacet.json#/$defs/DatasourceDatasetFacet", {
      name: "bigquery",
      uri: "bigquery",
    }),
  },
});

const accepted = (body: unknown) => {
  const r = parseLineageBody(body);
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.problems)}`);
  return r;
};
const refused = (body: unknown) => {
  const r = parseLineageBody(body);
  return r.ok ? [] : r.problems;
};

describe("values off the spec's formats", () => {
  const tz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = tz;
  });

  it("reads a zone-less eventTime (openlineage-python's example, Great Expectations) as UTC, whatever the server's zone", () => {
    process.env.TZ = "Asia/Kolkata";
    const r = accepted(event({ eventTime: "2021-11-03T10:53:52.427343" }));
    expect(r.warnings).toEqual([
      {
        path: "eventTime",
        format: "date-time",
        action: "normalized",
        value: "2021-11-03T10:53:52.427343Z",
        message: "no time zone: read as UTC (2021-11-03T10:53:52.427343Z)",
      },
    ]);
    const run = foldRunEvent(null, r.value.event as RunEvent, "job");
    expect(run.startedAt?.toISOString()).toBe("2021-11-03T10:53:52.427Z");
  });

  it("keeps dbt's BigQuery dataSource uri as text, with a warning per dataset", () => {
    const r = accepted(
      event({ inputs: [bigquery("analytics.shop.stg_orders")], outputs: [bigquery("analytics.shop.orders")] }),
    );
    expect(r.warnings).toEqual([
      { path: "inputs.0.facets.dataSource.uri", format: "uri", action: "kept", message: "not a URI: kept as text" },
      { path: "outputs.0.facets.dataSource.uri", format: "uri", action: "kept", message: "not a URI: kept as text" },
    ]);
    const e = r.value.event as RunEvent;
    expect(e.outputs![0]!.facets!.dataSource).toMatchObject({ uri: "bigquery" });
  });

  it("normalizes or keeps every other format failure: producers, facet times, run ids inside facets", () => {
    const r = accepted(
      event({
        producer: "dbt-ol",
        run: {
          runId: RUN_ID,
          facets: {
            nominalTime: facet("1-0-1/NominalTimeRunFacet.json", {
              nominalStartTime: "2021-11-03 10:00:00",
              nominalEndTime: "tomorrow",
            }),
            jobDependencies: facet("1-0-1/JobDependenciesRunFacet.json", {
              upstream: [{ job: { namespace: "n", name: "up" }, run: { runId: "42" } }],
            }),
          },
        },
        job: {
          namespace: "python-example",
          name: "job",
          facets: { sql: { ...facet("1-1-0/SQLJobFacet.json", { query: "select 1" }), _producer: "dbt" } },
        },
        inputs: [
          {
            namespace: "s3://lake",
            name: "orders",
            inputFacets: {
              dataQualityMetrics: facet("1-0-0/DataQualityMetricsInputDatasetFacet.json", {
                columnMetrics: {},
                lastUpdated: "20211103T1053",
              }),
            },
          },
        ],
      }),
    );
    expect(r.warnings.map((w) => [w.path, w.format, w.action, w.value ?? null]).sort()).toEqual([
      ["inputs.0.inputFacets.dataQualityMetrics.lastUpdated", "date-time", "normalized", "2021-11-03T10:53:00Z"],
      ["job.facets.sql._producer", "uri", "kept", null],
      ["producer", "uri", "kept", null],
      ["run.facets.jobDependencies.upstream.0.run.runId", "uuid", "kept", null],
      ["run.facets.nominalTime.nominalEndTime", "date-time", "kept", null],
      ["run.facets.nominalTime.nominalStartTime", "date-time", "normalized", "2021-11-03T10:00:00Z"],
    ]);
    const run = foldRunEvent(null, r.value.event as RunEvent, "job");
    expect(run.nominalStart?.toISOString()).toBe("2021-11-03T10:00:00.000Z");
    expect(run.facets.nominalTime).toMatchObject({ nominalEndTime: "tomorrow" });
  });

  it("says nothing about an event that meets every format", () => {
    expect(accepted(event()).warnings).toEqual([]);
  });
});

describe("structure stays strict", () => {
  it("refuses a missing run.runId, a facet without _producer, wrong types, naming each path", () => {
    const noRunId = event({ run: { facets: {} } });
    expect(refused(noRunId)).toEqual([{ path: "run.runId", message: "required" }]);
    expect(
      refused(
        event({ job: { namespace: "n", name: "j", facets: { custom: { _schemaURL: "https://x.test/s.json" } } } }),
      ),
    ).toEqual([{ path: "job.facets.custom._producer", message: "required" }]);
    expect(refused(event({ eventTime: 1636000000 })).map((p) => p.path)).toEqual(["eventTime"]);
    expect(refused(event({ outputs: { namespace: "n", name: "d" } })).map((p) => p.path)).toEqual(["outputs"]);
    expect(
      refused(
        event({
          outputs: [
            {
              namespace: "n",
              name: "d",
              outputFacets: {
                outputStatistics: facet("1-0-2/OutputStatisticsOutputDatasetFacet.json", { rowCount: "many" }),
              },
            },
          ],
        }),
      ).map((p) => p.path),
    ).toEqual(["outputs.0.outputFacets.outputStatistics.rowCount"]);
  });

  it("refuses what this app cannot take in any form: an eventTime that is no time, run ids that are no UUID", () => {
    expect(refused(event({ eventTime: "yesterday" }))).toEqual([
      { path: "eventTime", message: expect.stringMatching(/^not a date-time/) },
    ]);
    expect(refused(event({ eventTime: "2021-02-30T10:00:00" })).map((p) => p.path)).toEqual(["eventTime"]);
    expect(refused(event({ eventTime: "0000-01-01T00:00:00" })).map((p) => p.path)).toEqual(["eventTime"]);
    expect(refused(event({ run: { runId: "42" } }))).toEqual([
      { path: "run.runId", message: "must be a UUID: it identifies the run" },
    ]);
    const parent = facet("1-1-0/ParentRunFacet.json", {
      run: { runId: "not-a-uuid" },
      job: { namespace: "n", name: "parent" },
    });
    expect(refused(event({ run: { runId: RUN_ID, facets: { parent } } })).map((p) => p.path)).toEqual([
      "run.facets.parent.run.runId",
    ]);
    // Structure and format problems come together, in one answer.
    expect(
      refused(event({ eventTime: "x", run: { runId: "y" }, job: {} }))
        .map((p) => p.path)
        .sort(),
    ).toEqual(["eventTime", "job.name", "job.namespace", "run.runId"]);
  });
});

describe("readDateTime", () => {
  it("reads ISO 8601 forms producers write, as RFC 3339; refuses what is no date-time", () => {
    expect(readDateTime("2021-11-03T10:53:52.427343")).toEqual({ text: "2021-11-03T10:53:52.427343Z", zoneless: true });
    expect(readDateTime("2021-11-03 10:53:52,5+0530")).toEqual({
      text: "2021-11-03T10:53:52.5+05:30",
      zoneless: false,
    });
    expect(readDateTime("2021-11-03t10:53z")?.text).toBe("2021-11-03T10:53:00Z");
    expect(readDateTime("20211103T105352-03")?.text).toBe("2021-11-03T10:53:52-03:00");
    for (const bad of [
      "yesterday",
      "2021-11-03",
      "2021-13-01T00:00:00",
      "2021-02-29T00:00:00",
      "2021-11-03T24:00:00",
      "2021-11-03T10:61:00",
      "2021-11-03T10:00:00+25:00",
    ]) {
      expect(readDateTime(bad), bad).toBeNull();
    }
  });
});
