import { z } from "zod";
import { defineOperation } from "../define-operation.ts";
import {
  DatasetDetail,
  DatasetList,
  DatasetsQuery,
  GateQuery,
  GateResult,
  GeQuery,
  GraphQuery,
  GraphResult,
  IdParams,
  IngestResult,
  JobDetail,
  JobList,
  JobsQuery,
  NamespaceList,
  QualityOverview,
  QualityResultCreated,
  RunDetail,
  RunList,
  RunsQuery,
  SeedRunCreated,
} from "./contract.ts";
import {
  GreatExpectationsResult,
  JobMetricsReport,
  QualityReport,
  TransformationReport,
} from "./seed-report-contract.ts";

const tag = "lineage";
const AnyObject = z.record(z.string(), z.unknown());

/** The Pushgateway's push, which clients send as POST or PUT (both behave the same here). */
const pushOperation = (method: "POST" | "PUT") =>
  ({
    method,
    path: "/metrics/job/{job}/instance/{instance}",
    tag,
    role: "operator",
    scope: "lineage:write",
    params: z.object({ job: z.string().min(1).max(512), instance: z.string().min(1).max(512) }),
    response: z.object({
      job: z.string(),
      instance: z.string(),
      samples: z.number(),
      recorded: z.array(z.string()),
      skipped: z.array(z.object({ line: z.number(), text: z.string(), reason: z.string() })),
      notes: z.array(z.string()),
    }),
    audit: "metrics.push",
    summary: `Pushgateway-compatible push of the seed's MetricsEmitter text (${method === "POST" ? "also PUT" : "same as POST"})`,
    description:
      "Point the seed's PROMETHEUS_PUSHGATEWAY at this app (with a token as basic-auth password). Text exposition 0.0.4, read tolerantly: lines that cannot be read are listed in `skipped`, bare histogram samples are read as plain values (`notes`).",
  }) as const;

export const lineageOps = {
  ingest: defineOperation({
    method: "POST",
    path: "/api/v1/lineage",
    tag,
    role: "operator",
    scope: "lineage:write",
    body: AnyObject,
    response: IngestResult,
    status: 201,
    audit: "lineage.ingest",
    responses: { 200: { description: "The same event was stored before (`duplicate: true`)" } },
    summary: "Ingest an OpenLineage RunEvent, DatasetEvent or JobEvent (or the seed tracker's OpenMetadata-style edge)",
    description:
      "Validated against the OpenLineage 2-0-2 event model as JSON Schema 2020-12 specifies: required fields, types and the BaseFacet rule " +
      "(`_producer`, `_schemaURL`) strictly, 400 listing the failing JSON paths; unknown facets are kept. `format` is an annotation there, so values off " +
      "it are accepted and listed in `warnings` with their path: a date-time without a time zone (`2021-11-03T10:53:52.427343`) is read as UTC, " +
      'another readable one as RFC 3339, anything else (dbt\'s `dataSource.uri: "bigquery"`) kept as text. Refused still: an `eventTime` that is ' +
      "no date-time, a `run.runId` or parent run id that is no UUID (they key the stored runs). The raw event is stored as sent. " +
      "The same event twice is stored once " +
      "(`duplicate: true`). Reporters authenticate with an API token as `Authorization: Bearer <token>` or as the password of HTTP basic auth " +
      "(`http://ingest:<token>@host:3000`), as openlineage-python's HTTP transport and the seed's LineageTracker can.",
  }),
  transformation: defineOperation({
    method: "POST",
    path: "/api/v1/lineage/transformations",
    tag,
    role: "operator",
    scope: "lineage:write",
    body: TransformationReport,
    response: SeedRunCreated,
    status: 201,
    audit: "lineage.transformation",
    summary:
      "Record a transformation as the seed's LineageTracker does (job, source layer and tables, destination, rows in and out)",
  }),
  jobMetrics: defineOperation({
    method: "POST",
    path: "/api/v1/lineage/job-metrics",
    tag,
    role: "operator",
    scope: "lineage:write",
    body: JobMetricsReport,
    response: SeedRunCreated,
    status: 201,
    audit: "lineage.job-metrics",
    summary:
      "Record a job's metrics as the seed's MetricsEmitter does (duration, records processed and failed, status)",
  }),
  push: defineOperation(pushOperation("POST")),
  pushPut: defineOperation(pushOperation("PUT")),
  namespaces: defineOperation({
    method: "GET",
    path: "/api/v1/lineage/namespaces",
    tag,
    role: "viewer",
    scope: "lineage:read",
    response: NamespaceList,
    summary: "Namespaces with their dataset and job counts",
  }),
  datasets: defineOperation({
    method: "GET",
    path: "/api/v1/lineage/datasets",
    tag,
    role: "viewer",
    scope: "lineage:read",
    query: DatasetsQuery,
    response: DatasetList,
    summary: "Datasets with layer and latest quality score; search by name",
  }),
  dataset: defineOperation({
    method: "GET",
    path: "/api/v1/lineage/datasets/{id}",
    tag,
    role: "viewer",
    scope: "lineage:read",
    params: IdParams,
    response: DatasetDetail,
    summary: "A dataset: schema, producers, consumers, upstream and downstream, quality history, recent runs",
  }),
  jobs: defineOperation({
    method: "GET",
    path: "/api/v1/lineage/jobs",
    tag,
    role: "viewer",
    scope: "lineage:read",
    query: JobsQuery,
    response: JobList,
    summary: "Jobs with their last run state",
  }),
  job: defineOperation({
    method: "GET",
    path: "/api/v1/lineage/jobs/{id}",
    tag,
    role: "viewer",
    scope: "lineage:read",
    params: IdParams,
    response: JobDetail,
    summary: "A job: inputs, outputs and runs",
  }),
  runs: defineOperation({
    method: "GET",
    path: "/api/v1/lineage/runs",
    tag,
    role: "viewer",
    scope: "lineage:read",
    query: RunsQuery,
    response: RunList,
    summary: "Runs with state, duration and row counts",
  }),
  run: defineOperation({
    method: "GET",
    path: "/api/v1/lineage/runs/{id}",
    tag,
    role: "viewer",
    scope: "lineage:read",
    params: IdParams,
    response: RunDetail,
    errors: { 404: "No run has this id" },
    summary:
      "A run with its parent (from the OpenLineage parent run facet) and its children with their durations: a DAG run's task runs, a dbt run's model runs",
  }),
  graph: defineOperation({
    method: "GET",
    path: "/api/v1/lineage/graph",
    tag,
    role: "viewer",
    scope: "lineage:read",
    query: GraphQuery,
    response: GraphResult,
    errors: {
      404: "No dataset or job answers to `node`",
      409: "More than one dataset (or job) answers to `node`: the `candidates` with namespace/name and id",
    },
    summary: "The lineage graph around a dataset or job, upstream, downstream or both, to a depth",
  }),
  qualityResult: defineOperation({
    method: "POST",
    path: "/api/v1/quality/results",
    tag: "quality",
    role: "operator",
    scope: "quality:write",
    body: QualityReport,
    response: QualityResultCreated,
    status: 201,
    audit: "quality.result",
    summary:
      "Record a quality result as the seed's DataQualityChecker keeps it (dataset, layer, checks; score computed as 100 × passed / all unless given)",
  }),
  greatExpectations: defineOperation({
    method: "POST",
    path: "/api/v1/quality/great-expectations",
    tag: "quality",
    role: "operator",
    scope: "quality:write",
    query: GeQuery,
    body: GreatExpectationsResult,
    response: QualityResultCreated,
    status: 201,
    audit: "quality.great-expectations",
    summary: "Record a Great Expectations validation result (the library's JSON), one check per expectation",
    description:
      "`dataset` and `layer` come from the query, else from `meta.active_batch_definition.data_asset_name` / `meta.batch_spec.data_asset_name`.",
  }),
  qualityOverview: defineOperation({
    method: "GET",
    path: "/api/v1/quality/overview",
    tag: "quality",
    role: "viewer",
    scope: "quality:read",
    query: z.object({ threshold: z.coerce.number().min(0).max(100).default(80) }),
    response: QualityOverview,
    summary: "Score by layer and by dataset (lowest first) with trends",
  }),
  gate: defineOperation({
    method: "GET",
    path: "/api/v1/quality/gate",
    tag: "quality",
    role: "viewer",
    scope: "quality:read",
    query: GateQuery,
    response: GateResult,
    responses: {
      412: { description: "A check's latest outcome failed, or a score is below `min`: the reasons and every check" },
    },
    errors: {
      404: "No dataset answers to `dataset` (or none is in `layer`)",
      409: "More than one dataset answers to `dataset`: the `candidates` with namespace/name and id",
    },
    summary:
      "CI quality gate: 200 when no check of the dataset failed last and its score is at least `min`, 412 with the reasons when not",
    description:
      "Each check (its name plus its column, e.g. `accepted_values` on `status`) is judged by its own latest result: a check that failed " +
      "fails the gate until that same check passes, whatever other checks report after it. The score is 100 × passed / checks over those " +
      "latest outcomes (a dataset scored without checks, as by a pushed gauge, keeps its latest score). Each result lists every check with its " +
      "latest outcome and time.\n\n" +
      "`curl --fail -H 'Authorization: Bearer …' '…/api/v1/quality/gate?dataset=nexus/silver/app_events_cleaned&min=80'` stops a pipeline on a failing gate.",
  }),
};
