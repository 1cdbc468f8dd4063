import "server-only";
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { FieldProblem } from "../errors.ts";
import { pointerSegments, schemaProblems } from "../schema-problems.ts";
import type { FormatFinding } from "./lenient-formats.ts";
import { EVENTS, FACETS, type FacetKind } from "./openlineage-spec.ts";

/**
 * Our schema of the OpenLineage event (openlineage-spec.ts), compiled with Ajv. An event is checked against its
 * RunEvent, DatasetEvent or JobEvent shape, where every facet is a BaseFacet; each facets object in it is then checked
 * against the standard facets of its kind (run, job, dataset, input dataset, output dataset), by key, so unknown facets
 * pass as long as they are BaseFacets (the spec's rule).
 * Each is compiled twice: as JSON Schema 2020-12 specifies (`format` an annotation), which decides validity, and with
 * formats asserted, which finds the values that miss their format (lenient-formats.ts says what becomes of them).
 */
export type EventKind = keyof typeof EVENTS;
const EVENT_KINDS = Object.keys(EVENTS) as EventKind[];
const FACET_KINDS = Object.keys(FACETS) as FacetKind[];

/** A schema compiled twice: `formats` asserts the formats, `structure` reads them as annotations (2020-12). */
type Pair = { formats: ValidateFunction; structure: ValidateFunction };
type Compiled = { events: Record<EventKind, Pair>; facets: Record<FacetKind, Pair> };

let compiled: Compiled | undefined;

function newAjv(formats: boolean): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, logger: false, validateFormats: formats });
  addFormats(ajv);
  return ajv;
}

function compileWith(ajv: Ajv2020): {
  events: Record<EventKind, ValidateFunction>;
  facets: Record<FacetKind, ValidateFunction>;
} {
  const events = Object.fromEntries(EVENT_KINDS.map((k) => [k, ajv.compile(EVENTS[k])])) as Record<
    EventKind,
    ValidateFunction
  >;
  const facets = Object.fromEntries(
    FACET_KINDS.map((k) => [k, ajv.compile({ type: "object", properties: FACETS[k] })]),
  ) as Record<FacetKind, ValidateFunction>;
  return { events, facets };
}

function compile(): Compiled {
  const asserted = compileWith(newAjv(true)),
    annotated = compileWith(newAjv(false));
  const pairs = <K extends string>(f: Record<K, ValidateFunction>, s: Record<K, ValidateFunction>) =>
    Object.fromEntries((Object.keys(f) as K[]).map((k) => [k, { formats: f[k], structure: s[k] }])) as Record<K, Pair>;
  return { events: pairs(asserted.events, annotated.events), facets: pairs(asserted.facets, annotated.facets) };
}

/** allOf/anyOf wrappers and $refs repeat their branches' errors without saying more. */
const COMPOSITES: ReadonlySet<string> = new Set(["anyOf", "allOf", "$ref"]);

/** Paths as `inputs.0.facets.schema`, the paths the zod model reports too, below `prefix`. */
function problems(prefix: string, errors: ErrorObject[] | null | undefined): FieldProblem[] {
  return schemaProblems(errors, COMPOSITES, (e, segments) => {
    const missing = e.keyword === "required" ? [String((e.params as { missingProperty: string }).missingProperty)] : [];
    const path = [prefix, ...segments, ...missing].filter(Boolean).join(".") || "(body)";
    const message =
      e.keyword === "required"
        ? "required"
        : e.keyword === "not"
          ? "must not have these properties together (see the spec)"
          : (e.message ?? e.keyword);
    return { path, message };
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

/** A facets object without the facets it deletes (`_deleted: true`), which need only be BaseFacets. */
function liveFacets(facets: Record<string, unknown>): Record<string, unknown> {
  const deleted = Object.entries(facets).some(([, v]) => isRecord(v) && v._deleted === true);
  return deleted
    ? Object.fromEntries(Object.entries(facets).filter(([, v]) => !(isRecord(v) && v._deleted === true)))
    : facets;
}

/** Every place an event carries facets, with the kind of facet expected there. */
function* facetSites(event: Record<string, unknown>): Generator<[string, FacetKind, Record<string, unknown>]> {
  const site = function* (
    path: string,
    kind: FacetKind,
    v: unknown,
  ): Generator<[string, FacetKind, Record<string, unknown>]> {
    if (isRecord(v)) yield [path, kind, v];
  };
  if (isRecord(event.run)) yield* site("run.facets", "RunFacet", event.run.facets);
  if (isRecord(event.job)) yield* site("job.facets", "JobFacet", event.job.facets);
  if (isRecord(event.dataset)) yield* site("dataset.facets", "DatasetFacet", event.dataset.facets);
  for (const [list, ioKind, ioKey] of [
    ["inputs", "InputDatasetFacet", "inputFacets"],
    ["outputs", "OutputDatasetFacet", "outputFacets"],
  ] as const) {
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

/** Compiles the schemas now (at start-up) instead of on the first event, so that a broken schema stops the app at start. */
export function loadSpecValidators(): void {
  compiled ??= compile();
}

export type SpecCheck = { problems: FieldProblem[]; formats: FormatFinding[] };

/**
 * One schema's verdict on a value below `prefix`: valid as 2020-12 reads it, or its problems; and the values that
 * miss their format. Most events meet every format, so the format-asserting check runs first and alone.
 */
function checkPair(p: Pair, value: unknown, prefix: string): SpecCheck {
  if (p.formats(value)) return { problems: [], formats: [] };
  const base = prefix ? prefix.split(".") : [];
  const formats = (p.formats.errors ?? [])
    .filter((e) => e.keyword === "format")
    .map((e) => ({
      path: [...base, ...pointerSegments(e.instancePath)],
      format: String((e.params as { format: unknown }).format),
    }));
  return { problems: p.structure(value) ? [] : problems(prefix, p.structure.errors), formats };
}

/**
 * An event against the spec: its problems (the core schema first; the standard facets only when the core holds),
 * and the values that miss their format.
 */
export function validateAgainstSpec(kind: EventKind, event: Record<string, unknown>): SpecCheck {
  compiled ??= compile();
  const core = checkPair(compiled.events[kind], event, "");
  if (core.problems.length) return core;
  const out: SpecCheck = { problems: [], formats: core.formats };
  for (const [path, facetKind, facets] of facetSites(event)) {
    const r = checkPair(compiled.facets[facetKind], liveFacets(facets), path);
    out.problems.push(...r.problems);
    out.formats.push(...r.formats);
  }
  return out;
}
