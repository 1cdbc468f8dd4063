import { z } from "zod";

/** A value off the OpenLineage spec's `format`, accepted (JSON Schema 2020-12 reads formats as annotations). */
export const IngestWarning = z
  .object({
    path: z.string().meta({
      description: "JSON path of the value in the event, e.g. `eventTime` or `outputs.0.facets.dataSource.uri`",
    }),
    format: z
      .string()
      .meta({ description: "The spec's format the value does not match: `date-time`, `uri` or `uuid`" }),
    action: z.enum(["normalized", "kept"]).meta({
      description:
        "`normalized`: a date-time read as `value` (one without a time zone as UTC), which runs, facets and times store; " +
        "`kept`: kept as sent, as text (a time that cannot be read is not used as one). The raw event is stored as sent",
    }),
    message: z.string().meta({
      description: "What was done, for people, e.g. `no time zone: read as UTC (2021-11-03T10:53:52.427343Z)`",
    }),
    value: z.string().optional().meta({ description: "The value as read and stored (`normalized` only)" }),
  })
  .meta({ id: "IngestWarning" });

export const IngestResult = z.object({
  kind: z.string(),
  duplicate: z.boolean(),
  eventId: z.string().nullable(),
  runId: z.string().nullable(),
  /** What the body named but could not be recorded (e.g. an edge end the seed's tracker sent as "unknown"). */
  skipped: z.array(z.string()),
  warnings: z
    .array(IngestWarning)
    .meta({ description: "The event's values off the spec's formats and what was done with each; empty when none" }),
});

const Layer = z.enum(["bronze", "silver", "gold"]);
const DatasetRef = z.object({ id: z.string(), namespace: z.string(), name: z.string(), layer: z.string().nullable() });

export const DatasetsQuery = z.object({
  search: z.string().max(200).optional(),
  layer: Layer.optional(),
  namespace: z.string().max(1024).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const DatasetList = z.object({
  datasets: z.array(DatasetRef.extend({ qualityScore: z.number().nullable(), updatedAt: z.string() })),
});

export const Run = z.object({
  id: z.string(),
  jobId: z.string(),
  job: z.string().nullable(),
  state: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  durationSeconds: z.number().nullable(),
  rowsIn: z.number().nullable(),
  rowsOut: z.number().nullable(),
  errorMessage: z.string().nullable(),
  parentRunId: z.string().nullable(),
  nominalStart: z.string().nullable(),
});
export type Run = z.infer<typeof Run>;
/** A run in a tree, with how many runs name it as their parent (a DAG run's task runs, a dbt run's model runs). */
export const RunNode = Run.extend({ childCount: z.number().int() });
export type RunNode = z.infer<typeof RunNode>;
/**
 * The parent as the child's OpenLineage parent run facet names it: `run` is the stored parent run, or null while no
 * event of the parent has arrived (Airflow's `dags test` sends no DAG START, so the DAG run appears at its end).
 */
export const RunParent = z.object({ id: z.string(), job: z.string().nullable(), run: RunNode.nullable() });
export const RunDetail = RunNode.extend({
  jobNamespace: z.string(),
  jobName: z.string(),
  parent: RunParent.nullable(),
  /** Ordered by start time (runs without one last); at most 500. */
  children: z.array(RunNode),
  childrenTruncated: z.boolean(),
});
export type RunDetail = z.infer<typeof RunDetail>;
/** One result: its own `score`, and `datasetScore`, the dataset's score after it (each check by its latest outcome). */
export const QualityPoint = z.object({
  score: z.number(),
  datasetScore: z.number(),
  passed: z.number(),
  failed: z.number(),
  checks: z.unknown(),
  source: z.string(),
  at: z.string(),
});

/** A check's latest outcome: a check is its name plus its column (accepted_values on status). */
export const CheckOutcome = z.object({
  check: z.string(),
  column: z.string().nullable(),
  status: z.enum(["PASSED", "FAILED", "WARNING"]),
  message: z.string().nullable(),
  at: z.string(),
});
export type CheckOutcome = z.infer<typeof CheckOutcome>;

export const DatasetDetail = DatasetRef.extend({
  schema: z.unknown(),
  facets: z.unknown(),
  producers: z.array(z.object({ jobId: z.string(), job: z.string(), rowsOut: z.number().nullable() })),
  consumers: z.array(z.object({ jobId: z.string(), job: z.string(), rowsIn: z.number().nullable() })),
  upstream: z.array(DatasetRef),
  downstream: z.array(DatasetRef),
  quality: z.array(QualityPoint),
  recentRuns: z.array(Run),
  /** As the gate judges it: each check's latest outcome, and the score they give (null without any result). */
  qualityScore: z.number().nullable(),
  checks: z.array(CheckOutcome),
});
export type DatasetDetail = z.infer<typeof DatasetDetail>;

export const JobsQuery = z.object({
  search: z.string().max(200).optional(),
  namespace: z.string().max(1024).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const JobList = z.object({
  jobs: z.array(
    z.object({
      id: z.string(),
      namespace: z.string(),
      name: z.string(),
      lastState: z.string().nullable(),
      lastRunAt: z.string().nullable(),
    }),
  ),
});
export const JobDetail = z.object({
  id: z.string(),
  namespace: z.string(),
  name: z.string(),
  facets: z.unknown(),
  inputs: z.array(DatasetRef),
  outputs: z.array(DatasetRef),
  runs: z.array(Run),
});
export type JobDetail = z.infer<typeof JobDetail>;
export const RunsQuery = z.object({
  jobId: z.string().max(100).optional(),
  state: z.string().max(20).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export const RunList = z.object({ runs: z.array(Run) });
export const NamespaceList = z.object({
  namespaces: z.array(z.object({ name: z.string(), datasets: z.number(), jobs: z.number() })),
});
export const IdParams = z.object({ id: z.string().min(1).max(100) });

/** The forms a dataset reference takes (server/lineage/resolve.ts), for the OpenAPI descriptions of `dataset=` and `node=`. */
const DATASET_FORMS =
  "`namespace/name` as the datasets list shows it (e.g. `postgres://host:5432/db.schema.table`, `s3a://bronze/app_events`, " +
  "`nexus/silver/app_events_cleaned`), a dataset's `id` from `/api/v1/lineage/datasets`, or a name alone when exactly one dataset has it " +
  "(the seed's `layer/table` names also by their table alone). A name several datasets share answers 409 with the `candidates` " +
  "(namespace/name and id); one that names nothing 404.";

export const GraphQuery = z.object({
  node: z
    .string()
    .min(1)
    .max(2048)
    .meta({
      description:
        `The graph's root: \`dataset:<ref>\`, \`job:<ref>\` or a bare ref (a dataset's, else a job's). A dataset ref is ${DATASET_FORMS} ` +
        "A job ref is its id, `namespace/name` or a unique name.",
    }),
  direction: z.enum(["upstream", "downstream", "both"]).default("both"),
  depth: z.coerce.number().int().min(1).max(20).default(3),
});
export const GraphNode = z.object({
  key: z.string(),
  kind: z.enum(["dataset", "job"]),
  id: z.string(),
  namespace: z.string(),
  name: z.string(),
  layer: z.string().nullable(),
  depth: z.number(),
  qualityScore: z.number().nullable(),
  lastState: z.string().nullable(),
});
export const GraphResult = z.object({
  root: z.string(),
  nodes: z.array(GraphNode),
  edges: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      rowsIn: z.number().nullable(),
      rowsOut: z.number().nullable(),
      lossPercent: z.number().nullable(),
    }),
  ),
});
export type GraphResult = z.infer<typeof GraphResult>;
export type GraphNode = z.infer<typeof GraphNode>;

export const GateQuery = z.object({
  dataset: z
    .string()
    .max(1024)
    .optional()
    .meta({ description: `The dataset to judge (or give \`layer\`): ${DATASET_FORMS}` }),
  layer: Layer.optional().meta({ description: "Judge every dataset of this layer" }),
  min: z.coerce.number().min(0).max(100).default(80),
});
export const GateResult = z.object({
  passed: z.boolean(),
  min: z.number(),
  results: z.array(
    z.object({
      dataset: z.string(),
      layer: z.string().nullable(),
      score: z.number().nullable(),
      at: z.string().nullable(),
      passed: z.boolean(),
      reason: z.string().nullable(),
      /** Every check with its latest outcome and time; a FAILED one fails the gate until the same check passes. */
      checks: z.array(CheckOutcome),
    }),
  ),
});
export type GateResult = z.infer<typeof GateResult>;

export const QualityOverview = z.object({
  threshold: z.number(),
  layers: z.array(
    z.object({ layer: z.string(), datasets: z.number(), average: z.number().nullable(), below: z.number() }),
  ),
  /** `failingChecks`: checks whose latest outcome failed; any fails the gate whatever the score. */
  datasets: z.array(
    DatasetRef.extend({
      score: z.number().nullable(),
      at: z.string().nullable(),
      trend: z.array(z.number()),
      failingChecks: z.number(),
    }),
  ),
});
export type QualityOverview = z.infer<typeof QualityOverview>;

export const QualityResultCreated = z.object({
  datasetId: z.string(),
  dataset: z.string(),
  score: z.number(),
  passed: z.number(),
  failed: z.number(),
});
export const SeedRunCreated = z.object({
  runId: z.string(),
  job: z.string(),
  dataLossPercent: z.number().nullable().optional(),
});
export const GeQuery = z.object({
  dataset: z.string().min(1).max(512).optional(),
  layer: z.string().min(1).max(100).optional(),
});
