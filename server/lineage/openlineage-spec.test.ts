import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseLineageBody } from "./openlineage.ts";
import { facetSchemas, newSpecAjv, specDir } from "./openlineage-schema.ts";

/**
 * The OpenLineage specification's own examples (spec/openlineage/tests: one directory of facet examples per standard
 * facet, and example_full_event.json), accepted by the app's validation when placed where their facet kind belongs;
 * and broken copies of them rejected with the JSON path of what is wrong.
 */
const dir = specDir();
const read = (f: string) => JSON.parse(readFileSync(f, "utf8")) as Record<string, unknown>;
const facets = facetSchemas();
const examples = readdirSync(resolve(dir, "tests"), { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((d) =>
  readdirSync(resolve(dir, "tests", d.name)).map((f) => ({ facet: d.name, file: `${d.name}/${f}`, body: read(resolve(dir, "tests", d.name, f)) })));

const RUN_ID = "0195b5d4-8d5e-7c3a-9f00-5f6b2a1c0d11";
function eventWith(kind: string, facetsObj: Record<string, unknown>): Record<string, unknown> {
  const base = { eventTime: "2026-11-26T01:00:00.000Z", producer: "https://nexus.test/spec-examples", schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent", eventType: "COMPLETE" };
  const ds = { namespace: "s3://lake", name: "bronze.orders" };
  switch (kind) {
    case "RunFacet": return { ...base, run: { runId: RUN_ID, facets: facetsObj }, job: { namespace: "spec", name: "example" } };
    case "JobFacet": return { ...base, run: { runId: RUN_ID }, job: { namespace: "spec", name: "example", facets: facetsObj } };
    case "DatasetFacet": return { ...base, run: { runId: RUN_ID }, job: { namespace: "spec", name: "example" }, inputs: [{ ...ds, facets: facetsObj }] };
    case "InputDatasetFacet": return { ...base, run: { runId: RUN_ID }, job: { namespace: "spec", name: "example" }, inputs: [{ ...ds, inputFacets: facetsObj }] };
    case "OutputDatasetFacet": return { ...base, run: { runId: RUN_ID }, job: { namespace: "spec", name: "example" }, outputs: [{ ...ds, outputFacets: facetsObj }] };
    default: throw new Error(kind);
  }
}
const problemsOf = (body: unknown) => {
  const r = parseLineageBody(body);
  return r.ok ? [] : r.problems;
};

describe("OpenLineage spec files", () => {
  it("has the core schema, the standard facets, each with its kind, and their examples", () => {
    expect(read(resolve(dir, "OpenLineage.json")).$id).toBe("https://openlineage.io/spec/2-0-2/OpenLineage.json");
    expect(facets.length).toBeGreaterThanOrEqual(30);
    for (const f of facets) expect(f.kinds.length, f.file).toBeGreaterThan(0);
    expect(examples.length).toBeGreaterThanOrEqual(40);
  });

  it("each facet example is valid against its own facet schema (the spec's own check)", () => {
    const ajv = newSpecAjv();
    ajv.addSchema(read(resolve(dir, "OpenLineage.json")));
    for (const f of facets) ajv.addSchema(f.schema);
    for (const ex of examples) {
      const schema = facets.find((f) => f.file === `${ex.facet}.json`);
      expect(schema, ex.file).toBeDefined();
      const valid = ajv.validate(schema!.schema.$id, ex.body);
      expect(valid ? [] : ajv.errors, ex.file).toEqual([]);
    }
  });

  it("accepts an event carrying each facet example where its kind belongs", () => {
    let checked = 0;
    for (const ex of examples) {
      for (const kind of facets.find((f) => f.file === `${ex.facet}.json`)!.kinds) {
        expect(problemsOf(eventWith(kind, ex.body)), `${ex.file} as ${kind}`).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(examples.length);
  });

  it("accepts the spec's full example event as a RunEvent", () => {
    const r = parseLineageBody(read(resolve(dir, "tests", "example_full_event.json")));
    expect(r.ok && r.value.kind).toBe("run");
  });

  it("rejects what the spec rejects, naming the path", () => {
    const parent = examples.find((e) => e.facet === "ParentRunFacet")!.body;
    const badParent = structuredClone(parent) as { parent: { run: { runId: string } } };
    badParent.parent.run.runId = "not-a-uuid";
    expect(problemsOf(eventWith("RunFacet", badParent)).map((p) => p.path)).toContain("run.facets.parent.run.runId");

    const schema = structuredClone(examples.find((e) => e.facet === "SchemaDatasetFacet")!.body) as { schema: { fields: Record<string, unknown>[] } };
    delete schema.schema.fields[1]!.name;
    expect(problemsOf(eventWith("DatasetFacet", schema)).map((p) => p.path)).toContain("inputs.0.facets.schema.fields.1.name");

    // A format is an annotation in JSON Schema 2020-12 (issue #15): a time that cannot be read is kept as text, said in a warning.
    const nominal = { nominalTime: { _producer: "https://x.test", _schemaURL: "https://openlineage.io/spec/facets/1-0-1/NominalTimeRunFacet.json", nominalStartTime: "yesterday" } };
    const kept = parseLineageBody(eventWith("RunFacet", nominal));
    expect(kept.ok && kept.warnings.map((w) => `${w.path} ${w.action}`)).toEqual(["run.facets.nominalTime.nominalStartTime kept"]);

    // An unknown facet is kept if it is a BaseFacet; without _producer it is not one.
    expect(problemsOf(eventWith("JobFacet", { custom: { _producer: "https://x.test", _schemaURL: "https://x.test/s.json", any: [1] } }))).toEqual([]);
    expect(problemsOf(eventWith("JobFacet", { custom: { _schemaURL: "https://x.test/s.json" } })).map((p) => p.path)).toEqual(["job.facets.custom._producer"]);

    const noTime = eventWith("RunFacet", {});
    delete noTime.eventTime;
    (noTime.run as { runId: string }).runId = "42";
    expect(problemsOf(noTime).map((p) => p.path).sort()).toEqual(["eventTime", "run.runId"]);
  });
});

describe("this app's limits on top of the spec (issue #14, point 17)", () => {
  it("bounds names by UTF-8 bytes (an index entry) and times to what a timestamptz holds", () => {
    const event = eventWith("RunFacet", {}) as { job: { name: string }; eventTime: string };
    expect(problemsOf({ ...event, job: { namespace: "spec", name: "名".repeat(341) } })).toEqual([]);
    expect(problemsOf({ ...event, job: { namespace: "spec", name: "名".repeat(342) } }).map((p) => p.path)).toEqual(["job.name"]);
    expect(problemsOf({ ...event, eventTime: "0000-01-01T00:00:00Z" }).map((p) => p.path)).toEqual(["eventTime"]);
  });
});
