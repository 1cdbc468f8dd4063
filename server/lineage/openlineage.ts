import "server-only";
import { z } from "zod";
import { MAX_TIME_MS, MIN_TIME_MS, storableCount, TIME_RANGE_MESSAGE } from "../bounds.ts";
import type { FieldProblem } from "../errors.ts";
import { applyFormatFindings, readDateTime, type FormatWarning } from "./lenient-formats.ts";
import { validateAgainstSpec, type EventKind } from "./openlineage-schema.ts";

/**
 * The OpenLineage 2-0-2 event model as this app reads it, in zod: RunEvent, DatasetEvent and JobEvent, with the
 * facets this app reads typed for the fields it reads, and this app's own limits (name lengths, list sizes).
 * An event is first checked against the spec's JSON schemas (openlineage-schema.ts), its values off the spec's formats
 * normalized or kept (lenient-formats.ts); unknown facets and unknown fields are kept as sent.
 */
const Uri = z.string().min(1).max(2048);
const inRange = (text: string) => {
  const ms = Date.parse(text);
  return ms >= MIN_TIME_MS && ms <= MAX_TIME_MS;
};
/**
 * A date-time this app reads, as RFC 3339 text (a zone-less one in UTC); within what a timestamptz holds. `optional`
 * times that cannot be read are kept as sent (the warnings say so) and not read as times.
 */
const dateTime = (opts: { optional?: boolean } = {}) =>
  z.string().transform((s, ctx) => {
    const t = readDateTime(s);
    if (!t) {
      if (!opts.optional)
        ctx.addIssue({ code: "custom", message: "not a date-time (RFC 3339, e.g. 2021-11-03T10:53:52Z)" });
      return s;
    }
    if (!inRange(t.text)) ctx.addIssue({ code: "custom", message: TIME_RANGE_MESSAGE });
    return t.text;
  });
const utf8 = new TextEncoder();
/**
 * Namespaces and names are indexed (alone and as a pair), and a btree entry holds at most 2704 bytes: 1024
 * characters of CJK text are 3072 bytes of UTF-8, so the bound is on bytes.
 */
const Name = z
  .string()
  .min(1)
  .max(1024)
  .refine((s) => utf8.encode(s).byteLength <= 1024, "at most 1024 bytes in UTF-8");

const BaseFacet = z.object({ _producer: Uri, _schemaURL: Uri }).loose();
/** Facets this app reads, typed for what it reads; the spec's schemas have checked every facet already. */
const facetMap = (known: Record<string, z.ZodType>) =>
  z.record(z.string().max(256), z.unknown()).superRefine((facets, ctx) => {
    for (const [key, value] of Object.entries(facets)) {
      if (value && typeof value === "object" && (value as { _deleted?: unknown })._deleted === true) continue;
      const schema = known[key];
      if (!schema) continue;
      const r = schema.safeParse(value);
      if (!r.success)
        for (const i of r.error.issues) ctx.addIssue({ code: "custom", path: [key, ...i.path], message: i.message });
    }
  });

const num = storableCount();

export const SchemaFacet = BaseFacet.extend({
  fields: z.array(
    z.object({ name: z.string(), type: z.string().optional(), description: z.string().optional() }).loose(),
  ),
});
export const DataQualityMetricsFacet = BaseFacet.extend({
  rowCount: num.optional(),
  bytes: num.optional(),
  fileCount: num.optional(),
});
export const DataQualityAssertionsFacet = BaseFacet.extend({
  assertions: z.array(z.object({ assertion: z.string(), success: z.boolean(), column: z.string().optional() }).loose()),
});
export const OutputStatisticsFacet = BaseFacet.extend({
  rowCount: num.optional(),
  size: num.optional(),
  fileCount: num.optional(),
});
export const InputStatisticsFacet = BaseFacet.extend({
  rowCount: num.optional(),
  size: num.optional(),
  fileCount: num.optional(),
});
export const ErrorMessageFacet = BaseFacet.extend({
  message: z.string(),
  programmingLanguage: z.string(),
  stackTrace: z.string().optional(),
});
export const ParentRunFacet = BaseFacet.extend({
  run: z.object({ runId: z.guid() }).loose(),
  job: z.object({ namespace: Name, name: Name }).loose(),
});
export const NominalTimeFacet = BaseFacet.extend({
  nominalStartTime: dateTime({ optional: true }),
  nominalEndTime: dateTime({ optional: true }).optional(),
});
export const SqlFacet = BaseFacet.extend({ query: z.string() });

const DatasetFacets = facetMap({ schema: SchemaFacet, dataQualityAssertions: DataQualityAssertionsFacet });
const InputFacets = facetMap({
  dataQualityMetrics: DataQualityMetricsFacet,
  inputStatistics: InputStatisticsFacet,
  dataQualityAssertions: DataQualityAssertionsFacet,
});
const OutputFacets = facetMap({ outputStatistics: OutputStatisticsFacet });
const RunFacets = facetMap({ errorMessage: ErrorMessageFacet, parent: ParentRunFacet, nominalTime: NominalTimeFacet });
const JobFacets = facetMap({ sql: SqlFacet });

const Dataset = z.object({ namespace: Name, name: Name, facets: DatasetFacets.optional() }).loose();
export const InputDataset = Dataset.extend({ inputFacets: InputFacets.optional() });
export const OutputDataset = Dataset.extend({ outputFacets: OutputFacets.optional() });
const Job = z.object({ namespace: Name, name: Name, facets: JobFacets.optional() }).loose();

const Base = z.object({ eventTime: dateTime(), producer: Uri, schemaURL: Uri }).loose();

export const EventType = z.enum(["START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"]);
export type EventType = z.infer<typeof EventType>;

export const RunEvent = Base.extend({
  eventType: EventType.optional(),
  run: z.object({ runId: z.guid(), facets: RunFacets.optional() }).loose(),
  job: Job,
  inputs: z.array(InputDataset).max(10_000).optional(),
  outputs: z.array(OutputDataset).max(10_000).optional(),
});
export type RunEvent = z.infer<typeof RunEvent>;
export const DatasetEvent = Base.extend({ dataset: Dataset });
export type DatasetEvent = z.infer<typeof DatasetEvent>;
export const JobEvent = Base.extend({
  job: Job,
  inputs: z.array(InputDataset).max(10_000).optional(),
  outputs: z.array(OutputDataset).max(10_000).optional(),
});
export type JobEvent = z.infer<typeof JobEvent>;

/** The seed's LineageTracker body (contracts.md 3.2), sent to OpenMetadata's lineage URL. */
export const OpenMetadataEdge = z
  .object({
    edge: z
      .object({
        fromEntity: z.object({ id: z.string().min(1).max(1024), type: z.string().max(100) }).loose(),
        toEntity: z.object({ id: z.string().min(1).max(1024), type: z.string().max(100) }).loose(),
      })
      .loose(),
    description: z.string().max(1000).optional(),
    pipeline: z
      .object({ name: z.string().max(1024).optional(), type: z.string().optional() })
      .loose()
      .optional(),
  })
  .loose();
export type OpenMetadataEdge = z.infer<typeof OpenMetadataEdge>;

export type LineageBody =
  | { kind: "run"; event: RunEvent }
  | { kind: "dataset"; event: DatasetEvent }
  | { kind: "job"; event: JobEvent }
  | { kind: "openmetadata-edge"; event: OpenMetadataEdge };

const toProblems = (e: z.ZodError): FieldProblem[] =>
  e.issues.map((i) => ({ path: i.path.map(String).join(".") || "(body)", message: i.message }));

export type ParsedLineageBody =
  | { ok: true; value: LineageBody; warnings: FormatWarning[] }
  | { ok: false; problems: FieldProblem[] };

/**
 * Tells the accepted shapes apart by their keys, then validates against that shape only. OpenLineage events come
 * back with their values off the spec's formats normalized or kept, and `warnings` saying which and how.
 */
export function parseLineageBody(body: unknown): ParsedLineageBody {
  if (!body || typeof body !== "object" || Array.isArray(body))
    return { ok: false, problems: [{ path: "(body)", message: "expected a JSON object" }] };
  let b = body as Record<string, unknown>;
  const [kind, schema, specKind] =
    "edge" in b
      ? (["openmetadata-edge", OpenMetadataEdge, null] as const)
      : "run" in b
        ? (["run", RunEvent, "RunEvent"] as const)
        : "dataset" in b
          ? (["dataset", DatasetEvent, "DatasetEvent"] as const)
          : "job" in b
            ? (["job", JobEvent, "JobEvent"] as const)
            : [null, null, null];
  if (!kind)
    return {
      ok: false,
      problems: [
        {
          path: "(body)",
          message:
            "neither an OpenLineage RunEvent (run, job), DatasetEvent (dataset), JobEvent (job) nor an OpenMetadata lineage edge (edge)",
        },
      ],
    };
  let warnings: FormatWarning[] = [];
  if (specKind) {
    const spec = validateAgainstSpec(specKind satisfies EventKind, b);
    const lenient = applyFormatFindings(b, spec.formats);
    const problems = [...spec.problems, ...lenient.problems];
    if (problems.length) return { ok: false, problems };
    b = lenient.event;
    warnings = lenient.warnings;
  }
  const r = schema.safeParse(b);
  return r.success
    ? { ok: true, value: { kind, event: r.data } as LineageBody, warnings }
    : { ok: false, problems: toProblems(r.error) };
}
