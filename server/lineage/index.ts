// Lineage, runs and data quality: OpenLineage ingest, seed-compatible reports, graph and quality queries.
import "server-only";
export { ingestLineage, type IngestResult } from "./ingest.ts";
export {
  recordTransformation,
  recordQuality,
  recordGreatExpectations,
  recordJobMetrics,
  GreatExpectationsResult,
} from "./seed-reports.ts";
export { listNamespaces, listDatasets, getDataset, listJobs, getJob, listRuns, lineageGraph } from "./queries.ts";
export { getRun } from "./run-tree.ts";
export { qualityGate } from "./quality-gate.ts";
export { qualityOverview, latestScoresByLayer } from "./quality-overview.ts";
export { lineageOps } from "./operations.ts";
export { acceptPush } from "./pushgateway.ts";
export { loadSpecValidators } from "./openlineage-schema.ts";
export { pruneLineageEvents } from "./retention.ts";
export { findDatasetsForTable, icebergTablesNamedBy, type DatasetName } from "./find-datasets.ts";
