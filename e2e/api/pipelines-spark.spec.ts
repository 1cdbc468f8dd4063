import { expect, test } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { signedIn, withToken } from "../fixtures/api";
import { runSparkSeedJob } from "../fixtures/pipelines";

type Run = { state: string; durationSeconds: number | null; rowsIn: number | null; rowsOut: number | null };
type Job = { id: string; name: string; lastState: string | null };
type JobDetail = {
  runs: Run[];
  inputs: { name: string; layer: string | null }[];
  outputs: { name: string; layer: string | null }[];
};

test.describe("a PySpark job on the test Spark cluster reports through the seed's LineageTracker and MetricsEmitter", () => {
  // The pipelines take a while: they run once, with the embedded database; the ingest's PostgreSQL path is
  // e2e/api/lineage.spec.ts's.
  test.skip(Boolean(process.env.E2E_PG_URL), "runs once, on the embedded database");
  test.describe.configure({ timeout: 300_000 });

  test("transformations become runs with edges and row counts, checks a quality result, the push a timed run", async () => {
    const admin = await signedIn();
    const writer = await withToken(admin, "operator", `spark-${randomUUID().slice(0, 6)}`);
    const tag = randomUUID().slice(0, 8);
    const spark = runSparkSeedJob(writer.token, tag);
    expect(spark.status, spark.output).toBe(0);

    // It ran on the batch cluster, not in local mode: the master lists the finished application.
    const ui = process.env.SPARK_BATCH_UI ?? "http://127.0.0.1:18082";
    const apps = (await (await fetch(`${ui}/json/`)).json()) as { completedapps: { name: string; state: string }[] };
    expect(apps.completedapps.find((a) => a.name === `nexus-seed-medallion-${tag}`)?.state).toBe("FINISHED");

    const jobs = (await (await writer.ctx.get(`/api/v1/lineage/jobs?search=${tag}`)).json()) as { jobs: Job[] };
    expect(jobs.jobs.map((j) => j.name).sort()).toEqual([`bronze_to_silver_${tag}`, `silver_to_gold_${tag}`]);
    const detail = async (name: string) =>
      (await (
        await writer.ctx.get(`/api/v1/lineage/jobs/${jobs.jobs.find((j) => j.name === name)!.id}`)
      ).json()) as JobDetail;

    const b2s = await detail(`bronze_to_silver_${tag}`);
    expect(b2s.inputs).toEqual([expect.objectContaining({ name: `bronze/app_events_${tag}`, layer: "bronze" })]);
    expect(b2s.outputs).toEqual([
      expect.objectContaining({ name: `silver/app_events_cleaned_${tag}`, layer: "silver" }),
    ]);
    // Two runs: the transformation (rows in and out) and the MetricsEmitter push (duration, processed, failed).
    // 100 bronze rows, 10 duplicates and 5 without a type dropped: 85 in silver.
    expect(b2s.runs.map((r) => `${r.state} ${r.rowsIn} ${r.rowsOut}`)).toEqual(
      expect.arrayContaining(["COMPLETE 100 85", "COMPLETE 100 85"]),
    );
    expect(b2s.runs.some((r) => (r.durationSeconds ?? 0) > 0)).toBe(true);

    const s2g = await detail(`silver_to_gold_${tag}`);
    expect(s2g.outputs).toEqual([expect.objectContaining({ name: `gold/event_type_counts_${tag}`, layer: "gold" })]);
    expect(s2g.runs.map((r) => `${r.rowsIn} ${r.rowsOut}`)).toEqual(["85 3"]);

    // The silver table's checks, as the DataQualityChecker keeps them, scored on the dataset from the lineage.
    const gate = await writer.ctx.get(
      `/api/v1/quality/gate?dataset=${encodeURIComponent(`nexus/silver/app_events_cleaned_${tag}`)}&min=80`,
    );
    const body = (await gate.json()) as { results: { score: number; checks: { check: string; status: string }[] }[] };
    expect(gate.status(), JSON.stringify(body)).toBe(200);
    expect(body.results[0]!.checks.map((c) => `${c.check} ${c.status}`).sort()).toEqual([
      "duplicate_rows PASSED",
      "expected_columns_exist PASSED",
      "null_values PASSED",
    ]);
  });
});
