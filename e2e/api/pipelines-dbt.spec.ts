import { expect, test } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { signedIn, withToken } from "../fixtures/api";
import { runDbtOl } from "../fixtures/pipelines";

type RunNode = { id: string; job: string | null; state: string; durationSeconds: number | null; childCount: number };
type RunDetail = RunNode & { parent: { id: string; run: RunNode | null } | null; children: RunNode[] };
type Job = { id: string; name: string; lastState: string | null };
type JobDetail = { runs: RunNode[]; inputs: { name: string }[]; outputs: { name: string }[] };
type Gate = {
  results: { dataset: string; passed: boolean; checks: { check: string; column: string | null; status: string }[] }[];
};

const PROJECT = "nexus_medallion";
const MODELS = ["bronze_orders", "silver_orders", "gold_order_totals"];

test.describe("dbt-ol (dbt-core on DuckDB with openlineage-dbt) reports a medallion project", () => {
  // The pipelines take a while: they run once, with the embedded database; the ingest's PostgreSQL path is
  // e2e/api/lineage.spec.ts's.
  test.skip(Boolean(process.env.E2E_PG_URL), "runs once, on the embedded database");
  test.describe.configure({ timeout: 240_000 });

  test("models connected as edges, the dbt run with its model runs nested, test assertions as quality results", async () => {
    const admin = await signedIn();
    const writer = await withToken(admin, "operator", `dbt-${randomUUID().slice(0, 6)}`);
    const namespace = `dbt-e2e-${randomUUID().slice(0, 8)}`;
    const dbt = runDbtOl("test/fixtures/dbt_medallion", writer.token, namespace);
    // dbt exits 1: the gold model's accepted_values test fails on purpose (every model has run by then).
    expect(dbt.status, dbt.output).toBe(1);
    expect(dbt.output).toMatch(/PASS=7 WARN=0 ERROR=1 SKIP=0/);
    expect(dbt.output).not.toMatch(/Failed to emit|status code 4\d\d/i);
    expect(dbt.events.length).toBeGreaterThan(20);
    const table = (model: string) => `${dbt.stem}.main.${model}`;

    const jobs = (await (await writer.ctx.get(`/api/v1/lineage/jobs?namespace=${namespace}&limit=1000`)).json()) as {
      jobs: Job[];
    };
    const jobOf = (name: string) => jobs.jobs.find((j) => j.name === name);
    const dbtJob = jobOf(`dbt-run-${PROJECT}`);
    expect(dbtJob?.lastState).toBe("FAIL");

    // The dbt run's children: each model and each test, in the order dbt ran them.
    const runs = (await (await writer.ctx.get(`/api/v1/lineage/jobs/${dbtJob!.id}`)).json()) as JobDetail;
    expect(runs.runs).toHaveLength(1);
    const tree = (await (await writer.ctx.get(`/api/v1/lineage/runs/${runs.runs[0]!.id}`)).json()) as RunDetail;
    expect(tree.parent).toBeNull();
    const models = tree.children.filter((c) => c.job?.includes("/model."));
    expect(models.map((c) => `${c.job} ${c.state}`)).toEqual(
      MODELS.map((m) => `${namespace}/model.${PROJECT}.${m} COMPLETE`),
    );
    expect(
      tree.children
        .filter((c) => c.job?.includes("/test."))
        .map((c) => c.state)
        .sort(),
    ).toEqual(["COMPLETE", "COMPLETE", "COMPLETE", "COMPLETE", "FAIL"]);
    for (const m of models) {
      expect(m.durationSeconds).toBeGreaterThanOrEqual(0);
      // A model run's own children are its SQL statements; the model run names the dbt run as its parent.
      expect(m.childCount).toBeGreaterThan(0);
      const detail = (await (await writer.ctx.get(`/api/v1/lineage/runs/${m.id}`)).json()) as RunDetail;
      expect(detail.parent?.run?.id).toBe(tree.id);
    }

    // ref() edges: bronze_orders -> silver_orders -> gold_order_totals.
    for (const [model, input] of [
      ["silver_orders", "bronze_orders"],
      ["gold_order_totals", "silver_orders"],
    ] as const) {
      const j = (await (
        await writer.ctx.get(`/api/v1/lineage/jobs/${jobOf(`model.${PROJECT}.${model}`)!.id}`)
      ).json()) as JobDetail;
      expect(j.inputs.map((d) => d.name)).toEqual([table(input)]);
      expect(j.outputs.map((d) => d.name)).toEqual([table(model)]);
    }
    const graph = (await (
      await writer.ctx.get(
        `/api/v1/lineage/graph?node=${encodeURIComponent(`${dbt.datasetNamespace}/${table("gold_order_totals")}`)}&direction=upstream&depth=4`,
      )
    ).json()) as { nodes: { kind: string; name: string }[] };
    expect(graph.nodes.filter((n) => n.kind === "dataset").map((n) => n.name)).toEqual(
      expect.arrayContaining(MODELS.map(table)),
    );

    // Test assertions are quality results of the tested model: silver passes everything, gold fails accepted_values.
    const gate = async (model: string) => {
      const r = await writer.ctx.get(
        `/api/v1/quality/gate?dataset=${encodeURIComponent(`${dbt.datasetNamespace}/${table(model)}`)}&min=0`,
      );
      const body = (await r.json()) as Gate;
      return {
        status: r.status(),
        checks: body.results[0]!.checks.map((c) => `${c.check} ${c.column} ${c.status}`).sort(),
      };
    };
    expect(await gate("silver_orders")).toEqual({
      status: 200,
      checks: ["not_null amount PASSED", "not_null id PASSED", "unique id PASSED"],
    });
    expect(await gate("gold_order_totals")).toEqual({
      status: 412,
      checks: ["accepted_values status FAILED", "unique status PASSED"],
    });
  });
});
