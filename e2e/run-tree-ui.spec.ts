import { expect, test } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signedIn, withToken } from "./fixtures/api";
import { runAirflowDag, runDbtOl } from "./fixtures/pipelines";
import { signIn } from "./fixtures/ui";

const SHOTS = ".test-env/screenshots";
mkdirSync(SHOTS, { recursive: true });
const DAG = "production_medallion_etl";

test.describe("run page: a DAG run with its task runs on a timeline", () => {
  test.skip(Boolean(process.env.E2E_PG_URL), "runs once, on the embedded database");

  test("a real Airflow run with a task failed on purpose: timeline, links both ways, the error; loading, empty and error states", async ({
    page,
  }) => {
    test.setTimeout(240_000);
    const admin = await signedIn();
    const writer = await withToken(admin, "operator", `airflow-ui-${randomUUID().slice(0, 6)}`);
    const namespace = `airflow-ui-${randomUUID().slice(0, 8)}`;
    const dataDir = mkdtempSync(join(tmpdir(), "nexus-medallion-ui-"));
    try {
      const run = runAirflowDag({
        token: writer.token,
        namespace,
        dataDir,
        logicalDate: "2026-11-30T03:00:00+00:00",
        fail: "silver_to_gold",
      });
      expect(run.status, run.output).not.toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    const jobs = (await (await admin.get(`/api/v1/lineage/jobs?namespace=${namespace}`)).json()) as {
      jobs: { id: string; name: string }[];
    };
    const dagJob = jobs.jobs.find((j) => j.name === DAG)!;

    // The job page: its latest run's tree, and the run page one click away.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/lineage/jobs/${dagJob.id}`);
    await signIn(page);
    const latest = page.locator("section").filter({ hasText: "Latest run: parent and children" });
    await expect(latest.getByTestId("timeline-row")).toHaveCount(4);
    await page.screenshot({ path: `${SHOTS}/run-tree-job-page.png`, fullPage: true });
    await latest.getByRole("link", { name: "Open the run" }).click();

    // The run page: the DAG run on top, its three task runs under it in order, the failed one red with its error.
    await expect(page.getByRole("heading", { name: DAG })).toBeVisible();
    const timeline = page.getByRole("figure", { name: "Timeline of 3 child runs" });
    const rows = timeline.getByTestId("timeline-row");
    await expect(rows).toHaveCount(4);
    await expect(rows.nth(0)).toContainText(DAG);
    await expect(rows.nth(0)).toContainText("FAIL");
    for (const [i, task, state] of [
      [1, "bronze_ingest", "COMPLETE"],
      [2, "bronze_to_silver", "COMPLETE"],
      [3, "silver_to_gold", "FAIL"],
    ] as const) {
      // The DAG's name is not repeated before each task's; the title keeps the whole job name.
      await expect(rows.nth(i).getByRole("link", { name: task, exact: true })).toHaveAttribute(
        "title",
        `${namespace}/${DAG}.${task}`,
      );
      await expect(rows.nth(i)).toContainText(state);
    }
    await expect(page.getByText("No parent: this run was started on its own.")).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/run-tree-1440.png`, fullPage: true });
    await page.getByRole("radio", { name: "Dark theme" }).click();
    await page.screenshot({ path: `${SHOTS}/run-tree-dark.png`, fullPage: true });
    await page.getByRole("radio", { name: "Light theme" }).click();
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(rows).toHaveCount(4);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/run-tree-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });

    // Down to the failed task run (keyboard), its error, and back up to the DAG run through the parent link.
    const failed = rows.nth(3).getByRole("link", { name: "silver_to_gold", exact: true });
    await failed.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: `${DAG}.silver_to_gold` })).toBeVisible();
    await expect(
      page.getByText("silver_to_gold: 8 rows failed the gold contract (failed on purpose by the test)"),
    ).toBeVisible();
    await expect(page.getByText("No child runs: no run names this one as its parent.")).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/run-tree-failed-task.png`, fullPage: true });
    await page.getByRole("link", { name: `${namespace}/${DAG}` }).click();
    await expect(page.getByRole("figure", { name: "Timeline of 3 child runs" })).toBeVisible();
    const dagRunPath = new URL(page.url()).pathname;

    // A dbt run with its model and test runs (dbt-ol), each model linking to its own run.
    const dbtNs = `dbt-ui-${randomUUID().slice(0, 8)}`;
    expect(runDbtOl("test/fixtures/dbt_medallion", writer.token, dbtNs).status).toBe(1);
    const dbtJobs = (await (await admin.get(`/api/v1/lineage/jobs?namespace=${dbtNs}&limit=1000`)).json()) as {
      jobs: { id: string; name: string }[];
    };
    const dbtJob = dbtJobs.jobs.find((j) => j.name === "dbt-run-nexus_medallion")!;
    const dbtRuns = (await (await admin.get(`/api/v1/lineage/jobs/${dbtJob.id}`)).json()) as { runs: { id: string }[] };
    await page.goto(`/lineage/runs/${dbtRuns.runs[0]!.id}`);
    const dbtTimeline = page.getByRole("figure", { name: "Timeline of 8 child runs" });
    await expect(dbtTimeline.getByTestId("timeline-row")).toHaveCount(9);
    // dbt's node ids without the project: the kind apart, the model's name as the link.
    const silver = dbtTimeline.getByTestId("timeline-row").filter({ hasText: "silver_orders" }).first();
    await expect(silver).toContainText("model");
    await expect(silver.getByRole("link", { name: "silver_orders", exact: true })).toHaveAttribute(
      "title",
      `${dbtNs}/model.nexus_medallion.silver_orders`,
    );
    await page.screenshot({ path: `${SHOTS}/run-tree-dbt.png`, fullPage: true });
    await page.goto(dagRunPath);

    // Loading: the spinner while the run is on its way.
    await page.route("**/api/v1/lineage/runs/*", async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    await page.goto(dagRunPath);
    await expect(page.getByRole("status")).toContainText("Loading the run…");
    await expect(page.getByRole("figure", { name: "Timeline of 3 child runs" })).toBeVisible();
    await page.unroute("**/api/v1/lineage/runs/*");

    // Empty: a run with no parent and no children.
    const alone = randomUUID();
    for (const [eventType, second] of [
      ["START", 0],
      ["COMPLETE", 5],
    ] as const) {
      const res = await writer.ctx.post("/api/v1/lineage", {
        data: {
          eventType,
          eventTime: `2026-11-30T04:00:0${second}Z`,
          producer: "https://example.com/e2e",
          schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent",
          run: { runId: alone },
          job: { namespace, name: "standalone_job" },
        },
      });
      expect(res.status()).toBe(201);
    }
    await page.goto(`/lineage/runs/${alone}`);
    await expect(page.getByRole("heading", { name: "A run on its own" })).toBeVisible();

    // Error: a run that does not exist.
    await page.goto(`/lineage/runs/${randomUUID()}`);
    const alert = page.getByRole("alert").filter({ hasText: "Run unavailable" });
    await expect(alert).toContainText("does not exist");
  });
});
