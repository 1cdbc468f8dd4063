import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/databases.ts";
import type { DbHandle } from "../adapters/db/index.ts";
import { qualityGate } from "./quality-gate.ts";
import { qualityOverview } from "./quality-overview.ts";
import {
  recordGreatExpectations,
  recordJobMetrics,
  recordQuality,
  recordTransformation,
  GreatExpectationsResult,
} from "./seed-reports.ts";

describe.each(testDatabases())("quality reports and gate on $name", (database) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await database.open();
  });
  afterAll(async () => {
    await h?.close();
  });

  it("records seed reports and Great Expectations results, and gates on the latest score", async () => {
    const t = await recordTransformation(
      h.prisma,
      {
        job_name: "silver_to_gold",
        source: { layer: "silver", tables: ["app_events_cleaned"] },
        destination: { layer: "gold", table: "user_360_view" },
        metrics: { row_count_in: 200, row_count_out: 150 },
      },
      null,
    );
    expect(t.dataLossPercent).toBe(25);
    await recordJobMetrics(
      h.prisma,
      { job: "silver_to_gold", duration_seconds: 42, records_processed: 200, records_failed: 50, status: "success" },
      null,
    );
    const q1 = await recordQuality(
      h.prisma,
      {
        dataset: "user_360_view",
        layer: "gold",
        checks: [
          { check: "expected_columns_exist", status: "PASSED" },
          { check: "duplicate_rows", status: "WARNING" },
          { check: "null_values", status: "PASSED" },
          { check: "range", status: "PASSED" },
        ],
      },
      null,
    );
    expect(q1).toMatchObject({ score: 75, passed: 3, failed: 0 });
    const gate = await qualityGate(h.prisma, { dataset: "user_360_view", min: 80 });
    expect(gate).toMatchObject({ passed: false, results: [{ score: 75, reason: "score 75.0 is below 80" }] });
    await recordQuality(h.prisma, { dataset: "user_360_view", layer: "gold", score: 96, checks: [] }, null);
    expect((await qualityGate(h.prisma, { dataset: "user_360_view", min: 80 })).passed).toBe(true);

    const ge = GreatExpectationsResult.parse({
      success: false,
      results: [
        {
          success: true,
          expectation_config: {
            expectation_type: "expect_column_values_to_not_be_null",
            kwargs: { column: "user_id" },
          },
          result: { unexpected_count: 0 },
        },
        {
          success: false,
          expectation_config: {
            expectation_type: "expect_column_values_to_be_between",
            kwargs: { column: "age", min_value: 0, max_value: 120 },
          },
          result: { unexpected_count: 2 },
        },
      ],
      statistics: { evaluated_expectations: 2, successful_expectations: 1, success_percent: 50 },
    });
    const r = await recordGreatExpectations(h.prisma, ge, { dataset: "users", layer: "silver" }, null);
    expect(r).toMatchObject({ score: 50, passed: 1, failed: 1 });
    const layerGate = await qualityGate(h.prisma, { layer: "silver", min: 80 });
    expect(layerGate.passed).toBe(false);
    const ov = await qualityOverview(h.prisma, { threshold: 80 });
    expect(ov.datasets[0]!.score).toBeLessThanOrEqual(ov.datasets.at(-1)!.score!);
    expect(ov.layers.find((l) => l.layer === "gold")).toMatchObject({ datasets: 1, average: 96, below: 0 });
  });
});
