import { expect, test } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signedIn, withToken } from "../fixtures/api";
import { runAirflowDag } from "../fixtures/pipelines";

type RunNode = {
  id: string;
  job: string | null;
  state: string;
  durationSeconds: number | null;
  errorMessage: string | null;
  parentRunId: string | null;
  childCount: number;
};
type RunDetail = RunNode & {
  jobName: string;
  parent: { id: string; job: string | null; run: RunNode | null } | null;
  children: RunNode[];
};
type Job = { id: string; name: string; lastState: string | null };
type JobDetail = { runs: RunNode[]; inputs: { name: string }[]; outputs: { name: string }[] };

const DAG = "production_medallion_etl";
const TASKS = ["bronze_ingest", "bronze_to_silver", "silver_to_gold"];

test.describe("Airflow 3 with the OpenLineage provider reports production_medallion_etl over HTTP", () => {
  // The pipelines take a while: they run once, with the embedded database; the ingest's PostgreSQL path is
  // e2e/api/lineage.spec.ts's.
  test.skip(Boolean(process.env.E2E_PG_URL), "runs once, on the embedded database");
  test.describe.configure({ timeout: 240_000 });
  const suffix = randomUUID().slice(0, 8);
  const namespace = `airflow-e2e-${suffix}`;
  let dataDir = "";
  test.beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), "nexus-medallion-"));
  });
  test.afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test("a good run and a run failed on purpose: nested runs, datasets and edges, FAIL with the error message", async () => {
    const admin = await signedIn();
    const writer = await withToken(admin, "operator", `airflow-${suffix}`);
    const good = runAirflowDag({ token: writer.token, namespace, dataDir, logicalDate: "2026-11-30T01:00:00+00:00" });
    expect(good.status, good.output).toBe(0);
    const bad = runAirflowDag({
      token: writer.token,
      namespace,
      dataDir,
      logicalDate: "2026-11-30T02:00:00+00:00",
      fail: "silver_to_gold",
    });
    expect(bad.status, bad.output).not.toBe(0);
    for (const r of [good, bad]) {
      // Every event went out over HTTP and was accepted (the provider logs a refused one as a failure).
      expect(r.output).not.toMatch(/Failed to emit|status code 4\d\d|status code 5\d\d/i);
      expect(r.events.length).toBeGreaterThanOrEqual(7);
    }

    const jobs = (await (await writer.ctx.get(`/api/v1/lineage/jobs?namespace=${namespace}`)).json()) as {
      jobs: Job[];
    };
    expect(jobs.jobs.map((j) => j.name).sort()).toEqual([DAG, ...TASKS.map((t) => `${DAG}.${t}`)].sort());
    const jobOf = (name: string) => jobs.jobs.find((j) => j.name === name)!;
    const dagJob = (await (await writer.ctx.get(`/api/v1/lineage/jobs/${jobOf(DAG).id}`)).json()) as JobDetail;
    expect(dagJob.runs.map((r) => r.state).sort()).toEqual(["COMPLETE", "FAIL"]);

    // Each DAG run has its task runs as children, in the order they ran, with durations.
    const dagRunIds = new Map(dagJob.runs.map((r) => [r.state, r.id]));
    const detail = async (id: string) => {
      const res = await writer.ctx.get(`/api/v1/lineage/runs/${id}`);
      expect(res.status(), await res.text()).toBe(200);
      return (await res.json()) as RunDetail;
    };
    const goodRun = await detail(dagRunIds.get("COMPLETE")!);
    expect(goodRun.parent).toBeNull();
    expect(goodRun.childCount).toBe(3);
    expect(goodRun.children.map((c) => `${c.job} ${c.state}`)).toEqual(
      TASKS.map((t) => `${namespace}/${DAG}.${t} COMPLETE`),
    );
    for (const c of goodRun.children) {
      expect(c.parentRunId).toBe(goodRun.id);
      expect(c.durationSeconds).toBeGreaterThanOrEqual(0);
    }
    // The emitted parent facets are what the API shows.
    const emittedParents = new Set(
      good.events.filter((e) => e.job.name !== DAG).map((e) => e.run.facets?.parent?.run.runId),
    );
    expect([...emittedParents]).toEqual([goodRun.id]);

    const badRun = await detail(dagRunIds.get("FAIL")!);
    expect(badRun.children.map((c) => `${c.job} ${c.state}`)).toEqual([
      `${namespace}/${DAG}.bronze_ingest COMPLETE`,
      `${namespace}/${DAG}.bronze_to_silver COMPLETE`,
      `${namespace}/${DAG}.silver_to_gold FAIL`,
    ]);
    const failed = await detail(badRun.children[2]!.id);
    expect(failed.state).toBe("FAIL");
    expect(failed.errorMessage).toContain(
      "silver_to_gold: 8 rows failed the gold contract (failed on purpose by the test)",
    );
    expect(failed.parent).toMatchObject({ id: badRun.id, job: `${namespace}/${DAG}`, run: { state: "FAIL" } });

    // Datasets and edges as emitted: the Assets (file:// URIs) in and out of each task.
    const emitted = (task: string, side: "inputs" | "outputs") =>
      [
        ...new Set(
          good.events.filter((e) => e.job.name === `${DAG}.${task}`).flatMap((e) => (e[side] ?? []).map((d) => d.name)),
        ),
      ].sort();
    for (const t of TASKS) {
      const j = (await (await writer.ctx.get(`/api/v1/lineage/jobs/${jobOf(`${DAG}.${t}`).id}`)).json()) as JobDetail;
      expect(j.inputs.map((d) => d.name).sort(), t).toEqual(emitted(t, "inputs"));
      expect(j.outputs.map((d) => d.name).sort(), t).toEqual(emitted(t, "outputs"));
    }
    expect(emitted("bronze_to_silver", "inputs")).toEqual([join(dataDir, "bronze/app_events.jsonl")]);
    expect(emitted("silver_to_gold", "outputs")).toEqual([join(dataDir, "gold/daily_event_counts.jsonl")]);
    const graph = (await (
      await writer.ctx.get(
        `/api/v1/lineage/graph?node=${encodeURIComponent(`file/${join(dataDir, "silver/app_events_cleaned.jsonl")}`)}&depth=4`,
      )
    ).json()) as { nodes: { kind: string; name: string }[] };
    expect(
      graph.nodes
        .filter((n) => n.kind === "job")
        .map((n) => n.name)
        .sort(),
    ).toEqual(TASKS.map((t) => `${DAG}.${t}`).sort());
  });
});
