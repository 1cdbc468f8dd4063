import { z } from "zod";
import { instantOf, MIN_TIME_MS, storableCount, storableDateTime } from "../bounds.ts";

// The seed's own report bodies: zod only, so the API's operation declarations (and the UI that reads them) can import them.

const Layer = z.enum(["bronze", "silver", "gold"]).or(z.string().min(1).max(100));
/** The seed writes `datetime.now().isoformat()`: local time without a zone, read as UTC. */
const Timestamp = storableDateTime({ local: true });
/** A job's duration at most (a century): its start is stored, and must stay a storable time. */
const MAX_DURATION_SECONDS = 100 * 366 * 86_400;

/** A transformation as the seed's LineageTracker.track_transformation records it (contracts.md 3.2). */
export const TransformationReport = z.object({
  job_name: z.string().min(1).max(512),
  source: z.object({ layer: Layer, tables: z.array(z.string().min(1).max(512)).min(1).max(1000) }),
  destination: z.object({ layer: Layer, table: z.string().min(1).max(512) }),
  transformation_type: z.string().max(200).optional(),
  metrics: z
    .object({ row_count_in: storableCount().optional(), row_count_out: storableCount().optional() })
    .default({}),
  timestamp: Timestamp.optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

/** A quality result as DataQualityChecker keeps it (contracts.md 3.1), or with a score given. */
export const QualityReport = z.object({
  dataset: z.string().min(1).max(512),
  layer: Layer,
  score: z.number().min(0).max(100).optional(),
  checks: z
    .array(
      z.object({
        check: z.string().min(1).max(500),
        status: z.enum(["PASSED", "FAILED", "WARNING"]),
        message: z.string().max(5000).nullish(),
      }),
    )
    .max(10_000)
    .default([]),
  success: z.boolean().optional(),
  row_count: storableCount().optional(),
  timestamp: Timestamp.optional(),
});

/** Great Expectations' validation result (0.18 and 1.x), as `result.to_json_dict()` writes it. */
export const GreatExpectationsResult = z
  .object({
    success: z.boolean(),
    results: z.array(
      z
        .object({
          success: z.boolean(),
          expectation_config: z
            .object({
              expectation_type: z.string().optional(),
              type: z.string().optional(),
              kwargs: z.record(z.string(), z.unknown()).default({}),
            })
            .loose(),
          result: z.record(z.string(), z.unknown()).nullish(),
          exception_info: z.unknown().optional(),
        })
        .loose(),
    ),
    statistics: z
      .object({
        evaluated_expectations: z.number(),
        successful_expectations: z.number(),
        success_percent: z.number().nullable(),
      })
      .loose()
      .optional(),
    /** Where the dataset's name comes from without ?dataset=: as bounded as QualityReport's (it is indexed). */
    meta: z
      .object({
        active_batch_definition: z
          .object({ data_asset_name: z.string().min(1).max(512).optional() })
          .loose()
          .nullish(),
        batch_spec: z
          .object({ data_asset_name: z.string().min(1).max(512).optional() })
          .loose()
          .nullish(),
      })
      .loose()
      .optional(),
  })
  .loose();

/** Job metrics as MetricsEmitter.emit_job_metrics reports them (contracts.md 3.3). */
export const JobMetricsReport = z
  .object({
    job: z.string().min(1).max(512),
    duration_seconds: z.number().nonnegative().max(MAX_DURATION_SECONDS),
    records_processed: storableCount().default(0),
    records_failed: storableCount().default(0),
    status: z.string().min(1).max(50).default("success"),
    timestamp: Timestamp.optional(),
  })
  .refine(
    (r) => {
      const end = r.timestamp ? instantOf(r.timestamp) : Date.now();
      // Only when both fields are in range on their own: each is named once.
      return (
        end < MIN_TIME_MS || r.duration_seconds > MAX_DURATION_SECONDS || end - r.duration_seconds * 1000 >= MIN_TIME_MS
      );
    },
    { path: ["duration_seconds"], message: "starts before 0001-01-01T00:00:00Z (timestamp minus duration)" },
  );
