import { describe, expect, it } from "vitest";
import { parseLineageBody } from "./openlineage.ts";

/**
 * Our schema of the OpenLineage event (openlineage-spec.ts) against hand-built events: the spec's required keys,
 * types and BaseFacet rule hold, standard facets are checked for their own fields where their kind belongs, unknown
 * facets need only be BaseFacets, and what is wrong is named by its JSON path. Real emitters' events are in
 * e2e/api/lineage.spec.ts.
 */
const P = { _producer: "https://nexus.test/unit", _schemaURL: "https://openlineage.io/spec/facets/1-0-0/X.json" };
const RUN_ID = "0195b5d4-8d5e-7c3a-9f00-5f6b2a1c0d11";
function eventWith(kind: string, facetsObj: Record<string, unknown>): Record<string, unknown> {
  const base = {
    eventTime: "2026-11-26T01:00:00.000Z",
    producer: "https://nexus.test/spec-examples",
    schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
    eventType: "COMPLETE",
  };
  const ds = { namespace: "s3://lake", name: "bronze.orders" };
  switch (kind) {
    case "RunFacet":
      return { ...base, run: { runId: RUN_ID, facets: facetsObj }, job: { namespace: "spec", name: "example" } };
    case "JobFacet":
      return { ...base, run: { runId: RUN_ID }, job: { namespace: "spec", name: "example", facets: facetsObj } };
    case "DatasetFacet":
      return {
        ...base,
        run: { runId: RUN_ID },
        job: { namespace: "spec", name: "example" },
        inputs: [{ ...ds, facets: facetsObj }],
      };
    case "InputDatasetFacet":
      return {
        ...base,
        run: { runId: RUN_ID },
        job: { namespace: "spec", name: "example" },
        inputs: [{ ...ds, inputFacets: facetsObj }],
      };
    case "OutputDatasetFacet":
      return {
        ...base,
        run: { runId: RUN_ID },
        job: { namespace: "spec", name: "example" },
        outputs: [{ ...ds, outputFacets: facetsObj }],
      };
    default:
      throw new Error(kind);
  }
}
const problemsOf = (body: unknown) => {
  const r = parseLineageBody(body);
  return r.ok ? [] : r.problems;
};

describe("our OpenLineage schema", () => {
  it("accepts a minimal RunEvent, DatasetEvent and JobEvent, and standard facets where their kind belongs", () => {
    expect(problemsOf(eventWith("RunFacet", {}))).toEqual([]);
    const base = {
      eventTime: "2026-11-26T01:00:00Z",
      producer: "https://nexus.test/unit",
      schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json",
    };
    expect(parseLineageBody({ ...base, dataset: { namespace: "s3://lake", name: "a" } })).toMatchObject({
      ok: true,
      value: { kind: "dataset" },
    });
    expect(parseLineageBody({ ...base, job: { namespace: "j", name: "a" } })).toMatchObject({
      ok: true,
      value: { kind: "job" },
    });
    expect(
      problemsOf(
        eventWith("RunFacet", {
          parent: { ...P, run: { runId: RUN_ID }, job: { namespace: "n", name: "p" } },
          nominalTime: { ...P, nominalStartTime: "2026-11-26T00:00:00Z" },
          errorMessage: { ...P, message: "boom", programmingLanguage: "python" },
        }),
      ),
    ).toEqual([]);
    expect(
      problemsOf(
        eventWith("JobFacet", { sql: { ...P, query: "select 1" }, documentation: { ...P, description: "d" } }),
      ),
    ).toEqual([]);
    expect(
      problemsOf(
        eventWith("DatasetFacet", {
          schema: {
            ...P,
            fields: [
              { name: "id", type: "int" },
              { name: "s", fields: [{ name: "x" }] },
            ],
          },
          dataSource: { ...P, name: "lake", uri: "s3://lake" },
          columnLineage: { ...P, fields: { id: { inputFields: [{ namespace: "n", name: "t", field: "id" }] } } },
          lifecycleStateChange: { ...P, lifecycleStateChange: "CREATE" },
          ownership: { ...P, owners: [{ name: "team:data" }] },
        }),
      ),
    ).toEqual([]);
    expect(
      problemsOf(
        eventWith("InputDatasetFacet", {
          dataQualityMetrics: { ...P, rowCount: 3, columnMetrics: { id: { nullCount: 0 } } },
        }),
      ),
    ).toEqual([]);
    expect(problemsOf(eventWith("OutputDatasetFacet", { outputStatistics: { ...P, rowCount: 3, size: 10 } }))).toEqual(
      [],
    );
  });

  it("checks a standard facet's own fields, the event's types and a deleted facet only as a BaseFacet", () => {
    expect(problemsOf(eventWith("JobFacet", { sql: { ...P } })).map((p) => p.path)).toEqual(["job.facets.sql.query"]);
    expect(
      problemsOf(
        eventWith("DatasetFacet", { columnLineage: { ...P, fields: { id: { inputFields: [{ name: "t" }] } } } }),
      )
        .map((p) => p.path)
        .sort(),
    ).toEqual([
      "inputs.0.facets.columnLineage.fields.id.inputFields.0.field",
      "inputs.0.facets.columnLineage.fields.id.inputFields.0.namespace",
    ]);
    expect(
      problemsOf(eventWith("DatasetFacet", { lifecycleStateChange: { ...P, lifecycleStateChange: "MOVE" } })).map(
        (p) => p.path,
      ),
    ).toEqual(["inputs.0.facets.lifecycleStateChange.lifecycleStateChange"]);
    expect(
      problemsOf(eventWith("OutputDatasetFacet", { outputStatistics: { ...P, rowCount: "3" } })).map((p) => p.path),
    ).toEqual(["outputs.0.outputFacets.outputStatistics.rowCount"]);
    expect(problemsOf(eventWith("DatasetFacet", { schema: { ...P, _deleted: true } }))).toEqual([]);
    expect(
      problemsOf({ ...eventWith("RunFacet", {}), eventType: "DONE", inputs: {} })
        .map((p) => p.path)
        .sort(),
    ).toEqual(["eventType", "inputs"]);
  });

  it("rejects what the spec rejects, naming the path", () => {
    const badParent = { parent: { ...P, run: { runId: "not-a-uuid" }, job: { namespace: "n", name: "p" } } };
    expect(problemsOf(eventWith("RunFacet", badParent)).map((p) => p.path)).toContain("run.facets.parent.run.runId");

    const schema = { schema: { ...P, fields: [{ name: "id" }, { type: "string" }] } };
    expect(problemsOf(eventWith("DatasetFacet", schema)).map((p) => p.path)).toContain(
      "inputs.0.facets.schema.fields.1.name",
    );

    // A format is an annotation in JSON Schema 2020-12 (issue #15): a time that cannot be read is kept as text, said in a warning.
    const nominal = {
      nominalTime: {
        _producer: "https://x.test",
        _schemaURL: "https://openlineage.io/spec/facets/1-0-1/NominalTimeRunFacet.json",
        nominalStartTime: "yesterday",
      },
    };
    const kept = parseLineageBody(eventWith("RunFacet", nominal));
    expect(kept.ok && kept.warnings.map((w) => `${w.path} ${w.action}`)).toEqual([
      "run.facets.nominalTime.nominalStartTime kept",
    ]);

    // An unknown facet is kept if it is a BaseFacet; without _producer it is not one.
    expect(
      problemsOf(
        eventWith("JobFacet", {
          custom: { _producer: "https://x.test", _schemaURL: "https://x.test/s.json", any: [1] },
        }),
      ),
    ).toEqual([]);
    expect(
      problemsOf(eventWith("JobFacet", { custom: { _schemaURL: "https://x.test/s.json" } })).map((p) => p.path),
    ).toEqual(["job.facets.custom._producer"]);

    const noTime = eventWith("RunFacet", {});
    delete noTime.eventTime;
    (noTime.run as { runId: string }).runId = "42";
    expect(
      problemsOf(noTime)
        .map((p) => p.path)
        .sort(),
    ).toEqual(["eventTime", "run.runId"]);
  });
});

describe("this app's limits on top of the spec (issue #14, point 17)", () => {
  it("bounds names by UTF-8 bytes (an index entry) and times to what a timestamptz holds", () => {
    const event = eventWith("RunFacet", {}) as { job: { name: string }; eventTime: string };
    expect(problemsOf({ ...event, job: { namespace: "spec", name: "名".repeat(341) } })).toEqual([]);
    expect(problemsOf({ ...event, job: { namespace: "spec", name: "名".repeat(342) } }).map((p) => p.path)).toEqual([
      "job.name",
    ]);
    expect(problemsOf({ ...event, eventTime: "0000-01-01T00:00:00Z" }).map((p) => p.path)).toEqual(["eventTime"]);
  });
});
