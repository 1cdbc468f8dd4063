import { describe, expect, it } from "vitest";
import { AuditQuery } from "./audit/contract.ts";
import { kafkaDateTime, kafkaOffset, storableDateTime } from "./bounds.ts";
import { BrowseQuery, MessageParams } from "./dlq/contract.ts";
import {
  GreatExpectationsResult,
  JobMetricsReport,
  QualityReport,
  TransformationReport,
} from "./lineage/seed-reports.ts";

describe("storableDateTime", () => {
  const t = storableDateTime({ local: true });
  it("takes years 0001 to 9999, with or without an offset", () => {
    for (const v of [
      "0001-01-01T00:00:00Z",
      "2026-11-30T12:00:00+01:00",
      "2026-11-30T12:00:00.123456",
      "9999-12-31T23:59:59Z",
    ])
      expect(t.safeParse(v).success, v).toBe(true);
  });
  it("refuses year 0 and an offset that moves the instant past 9999", () => {
    for (const v of ["0000-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-14:00"])
      expect(t.safeParse(v).success, v).toBe(false);
  });
});

describe("Kafka values", () => {
  it("takes times from 1970 only (Kafka timestamps are milliseconds since then)", () => {
    expect(kafkaDateTime().safeParse("1970-01-01T00:00:00Z").success).toBe(true);
    expect(kafkaDateTime().safeParse("1969-12-31T23:59:59Z").success).toBe(false);
  });
  it("takes offsets up to int64's maximum", () => {
    expect(kafkaOffset().safeParse("9223372036854775807").success).toBe(true);
    expect(kafkaOffset().safeParse("9223372036854775808").success).toBe(false);
    expect(kafkaOffset().safeParse("9999999999999999999").success).toBe(false);
  });

  it("refuses an offset that is not a number without throwing", () => {
    for (const bad of ["x", "-1", "1e3", "", "12345678901234567890123"])
      expect(kafkaOffset().safeParse(bad).success).toBe(false);
  });
});

describe("request schemas with bounds (issue #14, point 17)", () => {
  const issuePaths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
    r.error?.issues.map((i) => i.path.join("."));
  it("job metrics: a duration of 1e12 s, year 0, or a start before year 1 are refused with their field", () => {
    expect(issuePaths(JobMetricsReport.safeParse({ job: "j", duration_seconds: 1e12 }))).toEqual(["duration_seconds"]);
    expect(
      issuePaths(JobMetricsReport.safeParse({ job: "j", duration_seconds: 1, timestamp: "0000-01-01T00:00:00Z" })),
    ).toEqual(["timestamp"]);
    expect(
      issuePaths(JobMetricsReport.safeParse({ job: "j", duration_seconds: 86_400, timestamp: "0001-01-01T00:00:00Z" })),
    ).toEqual(["duration_seconds"]);
    expect(
      JobMetricsReport.safeParse({ job: "j", duration_seconds: 3600, timestamp: "2026-11-30T12:00:00" }).success,
    ).toBe(true);
  });
  it("seed reports, audit filters and DLQ queries bound their times and offsets", () => {
    expect(
      issuePaths(QualityReport.safeParse({ dataset: "d", layer: "gold", timestamp: "0000-01-01T00:00:00Z" })),
    ).toEqual(["timestamp"]);
    const transformation = {
      job_name: "t",
      source: { layer: "bronze", tables: ["a"] },
      destination: { layer: "silver", table: "b" },
      timestamp: "0000-06-01T00:00:00",
    };
    expect(issuePaths(TransformationReport.safeParse(transformation))).toEqual(["timestamp"]);
    expect(issuePaths(AuditQuery.safeParse({ from: "0000-01-01T00:00:00Z" }))).toEqual(["from"]);
    expect(issuePaths(BrowseQuery.safeParse({ from: "timestamp", timestamp: "0001-01-01T00:00:00Z" }))).toEqual([
      "timestamp",
    ]);
    expect(issuePaths(BrowseQuery.safeParse({ since: "1969-01-01T00:00:00Z" }))).toEqual(["since"]);
    expect(
      issuePaths(MessageParams.safeParse({ topic: "dlq_x", partition: "0", offset: "9999999999999999999" })),
    ).toEqual(["offset"]);
  });
  it("Great Expectations: the data asset name, used as the dataset's, is a bounded string", () => {
    const ge = (name: unknown) =>
      GreatExpectationsResult.safeParse({
        success: true,
        results: [],
        meta: { batch_spec: { data_asset_name: name }, run_id: { run_name: 1 } },
      });
    expect(ge("orders").success).toBe(true);
    expect(issuePaths(ge(5))).toEqual(["meta.batch_spec.data_asset_name"]);
    expect(issuePaths(ge("名".repeat(513)))).toEqual(["meta.batch_spec.data_asset_name"]);
    expect(
      GreatExpectationsResult.safeParse({ success: true, results: [], meta: { active_batch_definition: null } })
        .success,
    ).toBe(true);
  });
});
