/**
 * Our JSON Schema (2020-12) of the OpenLineage 2-0-2 event and of the standard facets this app reads or that common
 * producers send, written from the spec's facts: field names, types, required keys, formats. Every facet is a
 * BaseFacet (`_producer` and `_schemaURL`, both URIs, required); a facet of a known key must also have its own fields.
 * The spec allows any other facet, so an unknown key is checked for the BaseFacet rule only. openlineage-schema.ts
 * compiles these objects.
 */
type S = Record<string, unknown>;

const str: S = { type: "string" };
const uri: S = { type: "string", format: "uri" };
const int: S = { type: "integer" };
const num: S = { type: "number" };
const uuid: S = { type: "string", format: "uuid" };
const dateTime: S = { type: "string", format: "date-time" };
const obj = (properties: S, required: string[] = []): S => ({ type: "object", properties, required });
const arr = (items: S): S => ({ type: "array", items });

import "server-only";
export const BaseFacet: S = obj({ _producer: uri, _schemaURL: uri }, ["_producer", "_schemaURL"]);
/** Job and dataset facets may say they are deleted (`_deleted: true`). */
const Deletable: S = { allOf: [BaseFacet, obj({ _deleted: { type: "boolean" } })] };
const facets = (facet: S): S => ({ type: "object", additionalProperties: facet });

const Dataset = obj({ namespace: str, name: str, facets: facets(Deletable) }, ["namespace", "name"]);
const InputDataset: S = { allOf: [Dataset, obj({ inputFacets: facets(BaseFacet) })] };
const OutputDataset: S = { allOf: [Dataset, obj({ outputFacets: facets(BaseFacet) })] };
const Job = obj({ namespace: str, name: str, facets: facets(Deletable) }, ["namespace", "name"]);
const Run = obj({ runId: uuid, facets: facets(BaseFacet) }, ["runId"]);
const BaseEvent = obj({ eventTime: dateTime, producer: uri, schemaURL: uri }, ["eventTime", "producer", "schemaURL"]);
const io = { inputs: arr(InputDataset), outputs: arr(OutputDataset) };

/** The three event shapes: a run of a job, a dataset's own metadata, a job's own metadata. */
export const EVENTS = {
  RunEvent: {
    allOf: [
      BaseEvent,
      obj(
        { eventType: { enum: ["START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"] }, run: Run, job: Job, ...io },
        ["run", "job"],
      ),
    ],
  },
  DatasetEvent: { allOf: [BaseEvent, obj({ dataset: Dataset }, ["dataset"])] },
  JobEvent: { allOf: [BaseEvent, obj({ job: Job, ...io }, ["job"])] },
} as const satisfies Record<string, S>;

const owners = obj({ owners: arr(obj({ name: str, type: str }, ["name"])) });
const documentation = obj({ description: str }, ["description"]);
const identifier = obj({ namespace: str, name: str }, ["namespace", "name"]);
/** A schema field; nested fields (of a struct) are checked one level down, for their name. */
const schemaField = obj({ name: str, type: str, description: str, fields: arr(obj({ name: str }, ["name"])) }, [
  "name",
]);
const dependency = obj({ job: identifier, run: obj({ runId: uuid }, ["runId"]), dependency_type: str }, ["job"]);
const columnMetric = obj({
  nullCount: int,
  distinctCount: int,
  sum: num,
  count: num,
  min: num,
  max: num,
  quantiles: { type: "object", additionalProperties: num },
});
const transformation = obj({ type: str, subtype: str, description: str, masking: { type: "boolean" } }, ["type"]);
const inputField = obj({ namespace: str, name: str, field: str, transformations: arr(transformation) }, [
  "namespace",
  "name",
  "field",
]);
const columnLineage = obj({ inputFields: arr(inputField), transformationDescription: str, transformationType: str }, [
  "inputFields",
]);
const lifecycle = { enum: ["ALTER", "CREATE", "DROP", "OVERWRITE", "RENAME", "TRUNCATE"] };

/** Each standard facet's own fields, by the key it has in a facets object. */
export const FACETS = {
  RunFacet: {
    parent: obj({ run: obj({ runId: uuid }, ["runId"]), job: identifier }, ["run", "job"]),
    nominalTime: obj({ nominalStartTime: dateTime, nominalEndTime: dateTime }, ["nominalStartTime"]),
    errorMessage: obj({ message: str, programmingLanguage: str, stackTrace: str }, ["message", "programmingLanguage"]),
    jobDependencies: obj({ upstream: arr(dependency), downstream: arr(dependency), trigger_rule: str }),
    processing_engine: obj({ version: str, name: str, openlineageAdapterVersion: str }, ["version"]),
  },
  JobFacet: {
    sql: obj({ query: str, dialect: str }, ["query"]),
    documentation,
    ownership: owners,
    jobType: obj({ processingType: str, integration: str, jobType: str }, ["processingType", "integration"]),
    sourceCode: obj({ language: str, sourceCode: str }, ["language", "sourceCode"]),
    sourceCodeLocation: obj({ type: str, url: uri, repoUrl: str, path: str, version: str, tag: str, branch: str }, [
      "type",
      "url",
    ]),
  },
  DatasetFacet: {
    schema: obj({ fields: arr(schemaField) }),
    dataSource: obj({ name: str, uri }),
    documentation,
    ownership: owners,
    columnLineage: obj({ fields: { type: "object", additionalProperties: columnLineage }, dataset: arr(inputField) }, [
      "fields",
    ]),
    lifecycleStateChange: obj({ lifecycleStateChange: lifecycle, previousIdentifier: identifier }, [
      "lifecycleStateChange",
    ]),
    dataQualityAssertions: obj(
      { assertions: arr(obj({ assertion: str, success: { type: "boolean" }, column: str }, ["assertion", "success"])) },
      ["assertions"],
    ),
    symlinks: obj({ identifiers: arr(obj({ namespace: str, name: str, type: str }, ["namespace", "name", "type"])) }),
    storage: obj({ storageLayer: str, fileFormat: str }, ["storageLayer"]),
    version: obj({ datasetVersion: str }, ["datasetVersion"]),
  },
  InputDatasetFacet: {
    dataQualityMetrics: obj(
      {
        rowCount: int,
        bytes: int,
        fileCount: int,
        lastUpdated: dateTime,
        columnMetrics: { type: "object", additionalProperties: columnMetric },
      },
      ["columnMetrics"],
    ),
    inputStatistics: obj({ rowCount: int, size: int, fileCount: int }),
  },
  OutputDatasetFacet: {
    outputStatistics: obj({ rowCount: int, size: int, fileCount: int }),
  },
} as const satisfies Record<string, Record<string, S>>;
export type FacetKind = keyof typeof FACETS;
