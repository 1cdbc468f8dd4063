import { describe, expect, it } from "vitest";
import { parseExposition } from "./exposition.ts";

describe("parseExposition", () => {
  it("reads what the seed's MetricsEmitter pushes, bare histogram included, and says what it skipped", () => {
    const text = [
      "# HELP job_duration_seconds Job duration",
      "# TYPE job_duration_seconds histogram",
      'job_duration_seconds{job="bronze_to_silver",status="success"} 42.5',
      "# TYPE records_processed_total counter",
      'records_processed_total{job="bronze_to_silver",status="success"} 1000',
      'records_failed_total{job="bronze_to_silver",status="success"} 12 1700000000000',
      'data_quality_score{layer="silver",job="bronze_to_silver"} 87.5',
      'weird{label="unterminated} 1',
      "just words here",
      'no_value{a="b"}',
      'escaped{msg="a \\"quoted\\" value"} +Inf',
    ].join("\n");
    const e = parseExposition(text);
    expect(e.samples.map((s) => [s.name, s.value])).toEqual([
      ["job_duration_seconds", 42.5],
      ["records_processed_total", 1000],
      ["records_failed_total", 12],
      ["data_quality_score", 87.5],
      ["escaped", Infinity],
    ]);
    expect(e.samples[0]!.labels).toEqual({ job: "bronze_to_silver", status: "success" });
    expect(e.samples[4]!.labels.msg).toBe('a "quoted" value');
    expect(e.skipped.map((s) => [s.line, s.reason])).toEqual([
      [8, "label label: unterminated value"],
      [9, 'no numeric value (got "words")'],
      [10, 'no numeric value (got "")'],
    ]);
    expect(e.notes).toEqual([
      "job_duration_seconds is typed histogram but was sent as a bare sample (no _bucket/_sum/_count): read as a plain value",
    ]);
  });
});
