import { expect, test } from "@playwright/test";
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { BASE_URL, signedIn, withToken } from "../fixtures/api";

const venv = process.env.NEXUS_TEST_VENV ?? "/var/cache/nexus-test/venv";
type Check = { check: string; column: string | null; status: string; at: string };
type Gate = {
  passed: boolean;
  results: { dataset: string; score: number | null; passed: boolean; reason: string | null; checks: Check[] }[];
};
type Problem = { status: number; detail: string; candidates?: { dataset: string; id: string }[] };

/**
 * Runs the tiny dbt project of test/fixtures/dbt_quality with dbt-ol, which reports each dbt test as its own
 * OpenLineage run to this app (structured logs: events as the tests run, in order). Returns the model's
 * dataset as dbt-ol names it: namespace `duckdb://<file>`, name `<file stem>.main.orders`.
 */
function runDbt(token: string): { namespace: string; name: string; output: string } {
  const project = resolve("test/fixtures/dbt_quality");
  const tmp = mkdtempSync(join(tmpdir(), "nexus-dbt-"));
  const stem = `orders_${randomUUID().slice(0, 8)}`;
  const file = join(tmp, `${stem}.duckdb`);
  try {
    const r = spawnSync(
      `${venv}/bin/dbt-ol`,
      ["build", "--consume-structured-logs", "--profiles-dir", project, "--project-dir", project],
      {
        encoding: "utf8",
        timeout: 120_000,
        cwd: project,
        env: {
          ...process.env,
          PATH: `${venv}/bin:${process.env.PATH}`,
          DO_NOT_TRACK: "1",
          DBT_SEND_ANONYMOUS_USAGE_STATS: "false",
          DBT_DUCKDB_PATH: file,
          DBT_TARGET_PATH: join(tmp, "target"),
          DBT_LOG_PATH: join(tmp, "logs"),
          OPENLINEAGE_URL: BASE_URL,
          OPENLINEAGE_API_KEY: token,
          OPENLINEAGE_NAMESPACE: "dbt-e2e",
        },
      },
    );
    const output = `${r.stdout}\n${r.stderr}`;
    // dbt exits 1: one of its tests fails (that is the point).
    expect(r.status, output).toBe(1);
    return { namespace: `duckdb://${file}`, name: `${stem}.main.orders`, output };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

test.describe("quality gate: each check judged by its own latest result", () => {
  test("real dbt test events (each test its own run, the failing one first): the gate fails and names accepted_values on status", async () => {
    const admin = await signedIn();
    const writer = await withToken(admin, "operator", `dbt-${randomUUID().slice(0, 6)}`);
    const ds = runDbt(writer.token);
    expect(ds.output).toMatch(/Emitted \d+ OpenLineage events/);
    expect(ds.output).not.toMatch(/Failed to emit|status code 4\d\d/i);

    // Each test is a run of its own; the failing one ran first, two passing ones after it.
    const jobs = (await (await writer.ctx.get(`/api/v1/lineage/jobs?search=test.nexus_quality&limit=1000`)).json()) as {
      jobs: { name: string; lastState: string | null }[];
    };
    const stateOf = (prefix: string) => jobs.jobs.find((j) => j.name.startsWith(prefix))?.lastState;
    expect(stateOf("test.nexus_quality.accepted_values_orders_status")).toBe("FAIL");
    expect(stateOf("test.nexus_quality.unique_orders_id")).toBe("COMPLETE");

    const gate = await writer.ctx.get(`/api/v1/quality/gate?dataset=${encodeURIComponent(ds.name)}&min=0`);
    const body = (await gate.json()) as Gate;
    expect(gate.status(), JSON.stringify(body)).toBe(412);
    const [result] = body.results;
    expect(result!.dataset).toBe(`${ds.namespace}/${ds.name}`);
    expect(result!.checks.map((c) => `${c.check} ${c.column} ${c.status}`).sort()).toEqual([
      "accepted_values status FAILED",
      "not_null id PASSED",
      "unique id PASSED",
    ]);
    expect(result!.checks.every((c) => !Number.isNaN(Date.parse(c.at)))).toBe(true);
    expect(result!.reason).toMatch(/accepted_values on status failed/);
    expect(result!.score).toBeCloseTo(200 / 3, 5);
  });

  test("seed reports: a failed check stays failing when a later report passes another check, and clears when it passes itself", async () => {
    const admin = await signedIn();
    const writer = await withToken(admin, "operator", `seed-q-${randomUUID().slice(0, 6)}`);
    const table = `orders_${randomUUID().slice(0, 8)}`;
    const report = (timestamp: string, checks: { check: string; status: string }[]) =>
      writer.ctx.post("/api/v1/quality/results", { data: { dataset: table, layer: "silver", timestamp, checks } });
    const gate = async (min: number) => {
      const r = await writer.ctx.get(`/api/v1/quality/gate?dataset=silver/${table}&min=${min}`);
      return { status: r.status(), body: (await r.json()) as Gate };
    };

    expect(
      (
        await report("2026-11-30T10:00:00", [
          { check: "null_values", status: "FAILED" },
          { check: "expected_columns_exist", status: "PASSED" },
        ])
      ).status(),
    ).toBe(201);
    expect((await report("2026-11-30T10:00:01", [{ check: "duplicate_rows", status: "PASSED" }])).status()).toBe(201);
    // The latest report alone scores 100; null_values has not passed since it failed.
    const failing = await gate(0);
    expect(failing.status, JSON.stringify(failing.body)).toBe(412);
    expect(failing.body.results[0]!.reason).toMatch(/null_values failed/);
    expect(failing.body.results[0]!.checks.map((c) => `${c.check} ${c.status} ${c.at}`).sort()).toEqual([
      "duplicate_rows PASSED 2026-11-30T10:00:01.000Z",
      "expected_columns_exist PASSED 2026-11-30T10:00:00.000Z",
      "null_values FAILED 2026-11-30T10:00:00.000Z",
    ]);

    expect((await report("2026-11-30T10:05:00", [{ check: "null_values", status: "PASSED" }])).status()).toBe(201);
    const passing = await gate(80);
    expect(passing.status, JSON.stringify(passing.body)).toBe(200);
    expect(passing.body.results[0]).toMatchObject({ passed: true, score: 100, reason: null });
  });
});

test.describe("dataset identity: namespace/name, id, a unique bare name; 409 when ambiguous", () => {
  const suffix = randomUUID().slice(0, 8);
  const pgNamespace = `postgres://pg-${suffix}:5432`;
  const lakeNamespace = `s3a://lake-${suffix}`;
  const name = `shop.public.orders_${suffix}`;
  const event = (eventType: string, outputs: unknown[], inputs: unknown[] = []) => ({
    eventType,
    eventTime: "2026-11-30T09:00:00Z",
    producer: "https://example.com/e2e",
    schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent",
    run: { runId: randomUUID() },
    job: { namespace: "e2e-identity", name: `copy_${suffix}` },
    inputs,
    outputs,
  });
  const assertions = (success: boolean) => ({
    dataQualityAssertions: {
      _producer: "https://example.com/e2e",
      _schemaURL: "https://openlineage.io/spec/facets/1-0-1/DataQualityAssertionsDatasetFacet.json",
      assertions: [{ assertion: "not_null", success, column: "id" }],
    },
  });

  test("the gate and the graph resolve every documented form the same way", async () => {
    const admin = await signedIn();
    // The same table name in two namespaces: the lake copy (no results) is read, the PostgreSQL one written and checked.
    const made = await admin.post("/api/v1/lineage", {
      data: event(
        "COMPLETE",
        [{ namespace: pgNamespace, name, facets: assertions(true) }],
        [{ namespace: lakeNamespace, name }],
      ),
    });
    expect(made.status()).toBe(201);
    const listed = (await (await admin.get(`/api/v1/lineage/datasets?search=${suffix}`)).json()) as {
      datasets: { id: string; namespace: string; name: string }[];
    };
    const pg = listed.datasets.find((d) => d.namespace === pgNamespace)!;
    const lake = listed.datasets.find((d) => d.namespace === lakeNamespace)!;
    expect(pg && lake).toBeTruthy();

    const gate = (dataset: string) => admin.get(`/api/v1/quality/gate?dataset=${encodeURIComponent(dataset)}&min=80`);
    for (const form of [`${pgNamespace}/${name}`, pg.id]) {
      const r = await gate(form);
      const body = (await r.json()) as Gate;
      expect(r.status(), `${form}: ${JSON.stringify(body)}`).toBe(200);
      expect(body.results.map((x) => x.dataset)).toEqual([`${pgNamespace}/${name}`]);
    }
    const ambiguous = await gate(name);
    expect(ambiguous.status()).toBe(409);
    expect(ambiguous.headers()["content-type"]).toContain("application/problem+json");
    const problem = (await ambiguous.json()) as Problem;
    expect(problem.candidates?.map((c) => `${c.dataset} ${c.id}`).sort()).toEqual(
      [`${lakeNamespace}/${name} ${lake.id}`, `${pgNamespace}/${name} ${pg.id}`].sort(),
    );
    expect((await gate(`nowhere-${suffix}/${name}`)).status()).toBe(404);
    // The lake copy has no results of its own: asked by its namespace, it fails for that reason alone.
    const lakeGate = (await (await gate(`${lakeNamespace}/${name}`)).json()) as Gate;
    expect(lakeGate.results).toEqual([
      expect.objectContaining({ dataset: `${lakeNamespace}/${name}`, reason: "no quality result recorded" }),
    ]);

    const graph = (node: string) => admin.get(`/api/v1/lineage/graph?node=${encodeURIComponent(node)}&depth=2`);
    for (const form of [pg.id, `dataset:${pg.id}`, `${pgNamespace}/${name}`, `dataset:${pgNamespace}/${name}`]) {
      const r = await graph(form);
      const body = (await r.json()) as { root: string; nodes: { key: string }[] };
      expect(r.status(), `${form}: ${JSON.stringify(body)}`).toBe(200);
      expect(body.root).toBe(`dataset:${pg.id}`);
      expect(body.nodes.map((n) => n.key)).toContain(`dataset:${lake.id}`);
    }
    const graphAmbiguous = await graph(name);
    expect(graphAmbiguous.status()).toBe(409);
    expect(((await graphAmbiguous.json()) as Problem).candidates).toHaveLength(2);
    expect((await graph(`dataset:${name}`)).status()).toBe(409);
    expect((await graph(`nowhere-${suffix}`)).status()).toBe(404);
  });
});
