import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { FieldProblem } from "../errors.ts";
import { schemaProblems } from "../schema-problems.ts";

/**
 * The OpenLineage specification's own JSON schemas (spec/openlineage: the core OpenLineage.json and the standard
 * facets, copied unchanged from the OpenLineage repository), compiled with Ajv. An event is checked against the
 * core schema's RunEvent, DatasetEvent or JobEvent; each facets object in it is then checked against every standard
 * facet schema of its kind (run, job, dataset, input dataset, output dataset), which constrain only their own key,
 * so unknown facets pass as long as they are BaseFacets (the core schema's rule).
 */
export type EventKind = "RunEvent" | "DatasetEvent" | "JobEvent";
type FacetKind = "RunFacet" | "JobFacet" | "DatasetFacet" | "InputDatasetFacet" | "OutputDatasetFacet";
const FACET_KINDS: readonly FacetKind[] = ["RunFacet", "JobFacet", "DatasetFacet", "InputDatasetFacet", "OutputDatasetFacet"];

type Schema = { $id: string } & Record<string, unknown>;
type Compiled = { events: Record<EventKind, ValidateFunction>; facets: Record<FacetKind, ValidateFunction> };

export function specDir(): string {
  return resolve(/*turbopackIgnore: true*/ process.cwd(), "spec", "openlineage");
}

function readSchema(file: string): Schema {
  const s = JSON.parse(readFileSync(file, "utf8")) as unknown;
  if (!s || typeof s !== "object" || typeof (s as { $id?: unknown }).$id !== "string") throw new Error(`${file}: not a JSON schema with an $id`);
  return s as Schema;
}

/** The standard facet schemas, each with the core facet kinds it extends (found from its $refs into the core). */
export function facetSchemas(dir = specDir()): { file: string; schema: Schema; kinds: FacetKind[] }[] {
  const facetsDir = resolve(dir, "facets");
  return readdirSync(facetsDir).filter((f) => f.endsWith(".json")).sort().map((f) => {
    const schema = readSchema(resolve(facetsDir, f));
    const text = JSON.stringify(schema);
    return { file: f, schema, kinds: FACET_KINDS.filter((k) => text.includes(`OpenLineage.json#/$defs/${k}"`)) };
  });
}

let compiled: Compiled | undefined;

/**
 * A facet schema's constraints on its own key only: a facets object may lack any standard facet (one schema,
 * BaseSubsetDatasetFacet, says its key is required at the top level; that holds for its own examples, not events).
 */
function ownKeysOnly(f: { schema: Schema }): Record<string, unknown> {
  const keys = Object.keys((f.schema.properties ?? {}) as Record<string, unknown>);
  return { properties: Object.fromEntries(keys.map((key) => [key, { $ref: `${f.schema.$id}#/properties/${key}` }])) };
}

export function newSpecAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, logger: false });
  addFormats(ajv);
  return ajv;
}

function compile(): Compiled {
  const dir = specDir();
  const ajv = newSpecAjv();
  const core = readSchema(resolve(dir, "OpenLineage.json"));
  ajv.addSchema(core);
  const facetFiles = facetSchemas(dir);
  for (const f of facetFiles) ajv.addSchema(f.schema);
  const events = Object.fromEntries((["RunEvent", "DatasetEvent", "JobEvent"] as const).map((k) =>
    [k, ajv.compile({ $ref: `${core.$id}#/$defs/${k}` })])) as Record<EventKind, ValidateFunction>;
  const facets = Object.fromEntries(FACET_KINDS.map((k) =>
    [k, ajv.compile({ type: "object", allOf: facetFiles.filter((f) => f.kinds.includes(k)).map(ownKeysOnly) })])) as Record<FacetKind, ValidateFunction>;
  return { events, facets };
}

/** allOf/anyOf wrappers and $refs repeat their branches' errors without saying more. */
const COMPOSITES: ReadonlySet<string> = new Set(["anyOf", "allOf", "$ref"]);

/** Paths as `inputs.0.facets.schema`, the paths the zod model reports too, below `prefix`. */
function problems(prefix: string, errors: ErrorObject[] | null | undefined): FieldProblem[] {
  return schemaProblems(errors, COMPOSITES, (e, segments) => {
    const missing = e.keyword === "required" ? [String((e.params as { missingProperty: string }).missingProperty)] : [];
    const path = [prefix, ...segments, ...missing].filter(Boolean).join(".") || "(body)";
    const message = e.keyword === "required" ? "required" : e.keyword === "not" ? "must not have these properties together (see the spec)" : e.message ?? e.keyword;
    return { path, message };
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

/** A facets object without the facets it deletes (`_deleted: true`), which need only be BaseFacets. */
function liveFacets(facets: Record<string, unknown>): Record<string, unknown> {
  const deleted = Object.entries(facets).some(([, v]) => isRecord(v) && v._deleted === true);
  return deleted ? Object.fromEntries(Object.entries(facets).filter(([, v]) => !(isRecord(v) && v._deleted === true))) : facets;
}

/** Every place an event carries facets, with the kind of facet expected there. */
function* facetSites(event: Record<string, unknown>): Generator<[string, FacetKind, Record<string, unknown>]> {
  const site = function* (path: string, kind: FacetKind, v: unknown): Generator<[string, FacetKind, Record<string, unknown>]> {
    if (isRecord(v)) yield [path, kind, v];
  };
  if (isRecord(event.run)) yield* site("run.facets", "RunFacet", event.run.facets);
  if (isRecord(event.job)) yield* site("job.facets", "JobFacet", event.job.facets);
  if (isRecord(event.dataset)) yield* site("dataset.facets", "DatasetFacet", event.dataset.facets);
  for (const [list, ioKind, ioKey] of [["inputs", "InputDatasetFacet", "inputFacets"], ["outputs", "OutputDatasetFacet", "outputFacets"]] as const) {
    const items = event[list];
    if (!Array.isArray(items)) continue;
    for (let i = 0; i < items.length; i++) {
      const d: unknown = items[i];
      if (!isRecord(d)) continue;
      yield* site(`${list}.${i}.facets`, "DatasetFacet", d.facets);
      yield* site(`${list}.${i}.${ioKey}`, ioKind, d[ioKey]);
    }
  }
}

/**
 * Reads and compiles the spec's schemas now (at start-up) instead of on the first event, so that missing or broken
 * spec files stop the app when it starts rather than fail every event.
 */
export function loadSpecValidators(): void {
  compiled ??= compile();
}

/** Problems of an event against the spec: the core schema first; the standard facets only when the core holds. */
export function validateAgainstSpec(kind: EventKind, event: Record<string, unknown>): FieldProblem[] {
  compiled ??= compile();
  const check = compiled.events[kind];
  if (!check(event)) return problems("", check.errors);
  const out: FieldProblem[] = [];
  for (const [path, facetKind, facets] of facetSites(event)) {
    const v = compiled.facets[facetKind];
    if (!v(liveFacets(facets))) out.push(...problems(path, v.errors));
  }
  return out;
}
