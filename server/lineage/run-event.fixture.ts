// Test support for the lineage integration tests: OpenLineage RunEvents in the shape of the spec's examples.
export const P = "https://github.com/OpenLineage/OpenLineage/tree/1.0.0/client/python";
export const S = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent";
export const facet = (name: string, body: Record<string, unknown>) => ({
  _producer: P,
  _schemaURL: `https://openlineage.io/spec/facets/1-0-0/${name}.json`,
  ...body,
});

/** A RunEvent in the shape of the spec's examples: inputs with statistics, outputs with schema and assertions. */
export function runEvent(runId: string, eventType: string, eventTime: string, over: Record<string, unknown> = {}) {
  return {
    eventType,
    eventTime,
    producer: P,
    schemaURL: S,
    run: { runId, facets: { nominalTime: facet("NominalTimeRunFacet", { nominalStartTime: "2026-11-25T00:00:00Z" }) } },
    job: {
      namespace: "spark://batch",
      name: "bronze_to_silver",
      facets: { sql: facet("SQLJobFacet", { query: "SELECT * FROM bronze.app_events" }) },
    },
    inputs: [
      {
        namespace: "s3a://bronze",
        name: "app_events",
        inputFacets: { inputStatistics: facet("InputStatisticsInputDatasetFacet", { rowCount: 1000, size: 4096 }) },
      },
    ],
    outputs: [
      {
        namespace: "iceberg",
        name: "silver.app_events_cleaned",
        facets: {
          schema: facet("SchemaDatasetFacet", {
            fields: [
              { name: "user_id", type: "BIGINT" },
              { name: "action", type: "STRING" },
            ],
          }),
          dataQualityAssertions: facet("DataQualityAssertionsDatasetFacet", {
            assertions: [
              { assertion: "not_null", success: true, column: "user_id" },
              { assertion: "unique", success: false, column: "user_id" },
            ],
          }),
          myCompanyFacet: facet("Custom", { anything: [1, 2, 3] }),
        },
        outputFacets: { outputStatistics: facet("OutputStatisticsOutputDatasetFacet", { rowCount: 950, size: 3900 }) },
      },
    ],
    ...over,
  };
}
