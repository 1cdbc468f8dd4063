import { expect, test } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { signIn } from "./fixtures/ui";
import { signedIn } from "./fixtures/api";

const SHOTS = ".test-env/screenshots";
mkdirSync(SHOTS, { recursive: true });
const P = "https://example.com/e2e";
const f = (body: Record<string, unknown>) => ({
  _producer: P,
  _schemaURL: "https://openlineage.io/spec/facets/1-0-0/X.json",
  ...body,
});

test.describe("lineage and quality pages", () => {
  test.skip(Boolean(process.env.E2E_PG_URL), "runs once, on the embedded database");

  test("post events through the API, open the graph, focus a dataset, see its quality trend", async ({ page }) => {
    test.setTimeout(120_000);
    const api = await signedIn();
    const tag = randomUUID().slice(0, 6);
    const chain = [
      [`bronze/raw_bookings_${tag}`, `ingest_bookings_${tag}`, `silver/bookings_${tag}`, 1000, 980],
      [`silver/bookings_${tag}`, `gold_bookings_${tag}`, `gold/booking_metrics_${tag}`, 980, 600],
    ] as const;
    for (const [i, [from, job, to, rin, rout]] of chain.entries()) {
      const runId = randomUUID();
      for (const [type, min] of [
        ["START", 0],
        [i === 1 ? "FAIL" : "COMPLETE", 4],
      ] as const) {
        const r = await api.post("/api/v1/lineage", {
          data: {
            eventType: type,
            eventTime: new Date(Date.UTC(2026, 10, 25, 8 + i, min)).toISOString(),
            producer: P,
            schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent",
            run: {
              runId,
              facets:
                type === "FAIL"
                  ? { errorMessage: f({ message: "division by zero", programmingLanguage: "PYTHON" }) }
                  : {},
            },
            job: { namespace: "e2e", name: job },
            inputs: [{ namespace: "s3a://lake", name: from, inputFacets: { inputStatistics: f({ rowCount: rin }) } }],
            outputs: [
              {
                namespace: "s3a://lake",
                name: to,
                facets: {
                  schema: f({
                    fields: [
                      { name: "booking_id", type: "BIGINT" },
                      { name: "amount", type: "DECIMAL" },
                    ],
                  }),
                },
                outputFacets: { outputStatistics: f({ rowCount: rout }) },
              },
            ],
          },
        });
        expect(r.status(), await r.text()).toBe(201);
      }
    }
    // Four daily reports as the seed's checker sends them; each check is judged by its own latest result (#15):
    // the dataset scores 100, 75, 50, then 75 (range passes again, null_values still failing).
    const day = (failing: string[]) =>
      ["expected_columns_exist", "duplicate_rows", "null_values", "range"].map((check) => ({
        check,
        status: failing.includes(check) ? "FAILED" : "PASSED",
        message: failing.includes(check) && check === "null_values" ? "amount is null in 12% of rows" : null,
      }));
    for (const [i, failing] of [[], ["range"], ["range", "null_values"], ["null_values"]].entries()) {
      const r = await api.post("/api/v1/quality/results", {
        data: {
          dataset: `bookings_${tag}`,
          layer: "silver",
          timestamp: new Date(Date.UTC(2026, 10, 20 + i)).toISOString(),
          checks: day(failing),
        },
      });
      expect(r.status()).toBe(201);
    }

    await page.goto("/login?next=/lineage");
    await signIn(page);
    await expect(page).toHaveURL(/\/lineage$/);
    await page.getByRole("radio", { name: "Light theme" }).click();
    await page.getByLabel("Find a dataset").fill(tag);
    await page
      .getByRole("region", { name: "Datasets" })
      .getByRole("button", { name: new RegExp(`raw_bookings_${tag}`) })
      .click();
    const graph = page.getByRole("figure", { name: "Lineage graph" });
    await expect(graph.getByTestId(`node-gold/booking_metrics_${tag}`)).toBeVisible();
    await expect(graph.getByText("980 → 600 (−38.8%)")).toBeVisible();
    await expect(graph.getByText("1.0k → 980 (−2.0%)")).toBeVisible();
    await expect(graph.getByText("job · FAIL")).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/lineage-graph.png`, fullPage: true });

    // Focus the silver dataset by clicking it, then open its page.
    await graph.getByTestId(`node-silver/bookings_${tag}`).click();
    await expect(page).toHaveURL(/node=dataset%3A/);
    await page.getByRole("link", { name: `silver/bookings_${tag}` }).click();
    await expect(page.getByRole("heading", { name: `silver/bookings_${tag}` })).toBeVisible();
    await expect(page.getByRole("img", { name: "Quality trend, latest 75" })).toBeVisible();
    // Every check with its latest outcome and time, failing first: what the gate answers.
    const checks = page.getByRole("list", { name: "Checks" }).getByRole("listitem");
    await expect(checks).toHaveCount(4);
    await expect(checks.first()).toContainText("FAILED");
    await expect(checks.first()).toContainText("null_values");
    await expect(checks.first()).toContainText("amount is null in 12% of rows");
    await expect(page.getByText("(1 failing)")).toBeVisible();
    const gate = (await (await api.get(`/api/v1/quality/gate?dataset=silver/bookings_${tag}&min=0`)).json()) as {
      passed: boolean;
      results: { score: number }[];
    };
    expect(gate).toMatchObject({ passed: false, results: [{ score: 75 }] });
    await expect(page.getByText(/quality 75\.0/)).toBeVisible();
    await expect(page.getByRole("table", { name: "Schema" })).toContainText("booking_id");
    // Where its data comes from and goes to, and the jobs that move it; a job's page lists the same datasets.
    await expect(page.getByRole("link", { name: `bronze/raw_bookings_${tag}` })).toBeVisible();
    await expect(page.getByRole("link", { name: `gold/booking_metrics_${tag}` })).toBeVisible();
    await expect(page.getByRole("link", { name: `e2e/gold_bookings_${tag}`, exact: true })).toBeVisible();
    await page.getByRole("link", { name: `e2e/ingest_bookings_${tag}`, exact: true }).click();
    await expect(page.getByRole("heading", { name: new RegExp(`ingest_bookings_${tag}`) })).toBeVisible();
    await expect(page.getByRole("link", { name: `bronze/raw_bookings_${tag}` })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/lineage-job.png`, fullPage: true });
    await page.getByRole("link", { name: `silver/bookings_${tag}` }).click();
    await expect(page.getByRole("heading", { name: `silver/bookings_${tag}` })).toBeVisible();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: `${SHOTS}/lineage-dataset.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/quality-dataset-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });

    await page.getByRole("link", { name: "Quality" }).first().click();
    const row = page
      .getByRole("table", { name: "Dataset quality" })
      .getByRole("row")
      .filter({ hasText: `bookings_${tag}` });
    await expect(row).toContainText("75.0");
    await expect(row).toContainText("1 failing");
    await page.screenshot({ path: `${SHOTS}/quality-1440.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/quality-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole("radio", { name: "Dark theme" }).click();
    await page.screenshot({ path: `${SHOTS}/quality-dark.png`, fullPage: true });
  });
});
