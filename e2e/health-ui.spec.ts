import { expect, test } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { signedIn } from "./fixtures/api";
import { signIn } from "./fixtures/ui";

const SHOTS = ".test-env/screenshots";
mkdirSync(SHOTS, { recursive: true });

test.describe("overview, health and alerts pages", () => {
  test.skip(Boolean(process.env.E2E_PG_URL), "runs once, on the embedded database");

  test("the overview shows every cluster green with key numbers, a firing alert, DLQ totals; health shows a service's detail; an admin edits a rule", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const api = await signedIn();
    // A low score for a gold dataset, and LowQualityScore without its five-minute wait: it fires at the next cycle.
    const dataset = `gold.ui_tours_${randomUUID().slice(0, 6)}`;
    expect(
      (
        await api.post("/api/v1/quality/results", {
          data: { dataset, layer: "gold", score: 12, checks: [{ check: "not_null(user_id)", status: "FAILED" }] },
        })
      ).status(),
    ).toBe(201);
    expect(
      (
        await api.patch("/api/v1/alerts/rules/low-quality-score", { data: { forSeconds: 0, threshold: 99.9 } })
      ).status(),
    ).toBe(200);
    await api.post("/api/v1/health/probe");

    try {
      await page.goto("/login");
      await signIn(page);
      await expect(page.getByTestId("platform-status")).toHaveAttribute("data-status", "up");
      const tiles = page.getByRole("list", { name: "Clusters" });
      const expected = process.env.SPARK_STREAMING_UI
        ? ["kafka", "spark-streaming", "spark-batch", "storage", "monitoring"]
        : ["kafka"];
      await expect(tiles.locator("[data-testid^=tile-]")).toHaveCount(
        expected.length + (await tiles.locator("[data-testid=tile-other]").count()),
      );
      for (const c of expected) await expect(page.getByTestId(`tile-${c}`)).toHaveAttribute("data-status", "up");
      await expect(page.getByTestId("tile-kafka")).toContainText("3/3");
      await expect(
        page
          .getByRole("list", { name: "Firing alerts" })
          .locator("[data-rule=LowQualityScore]", { hasText: "layer=gold" }),
      ).toBeVisible();
      await expect(page.getByTestId("dlq-total")).toBeVisible();
      await expect(page.getByRole("list", { name: "Lowest-quality datasets" })).toContainText(dataset);
      await page.getByRole("radio", { name: "Light theme" }).click();
      await page.screenshot({ path: `${SHOTS}/overview.png`, fullPage: true });
      await page.getByRole("radio", { name: "Dark theme" }).click();
      await page.screenshot({ path: `${SHOTS}/overview-dark.png`, fullPage: true });
      await page.getByRole("radio", { name: "Light theme" }).click();

      // Health: the Kafka tile leads to the cluster's services; a service's detail shows brokers and history.
      await page.getByTestId("tile-kafka").click();
      await expect(page).toHaveURL(/\/health\?cluster=kafka$/);
      const services = page.getByRole("table", { name: "Services" });
      await services.getByRole("button", { name: "kafka", exact: true }).click();
      await expect(page).toHaveURL(/service=kafka/);
      await expect(page.getByText("Brokers", { exact: true })).toBeVisible();
      await expect(page.getByRole("list", { name: "Status changes" }).getByText("up").first()).toBeVisible();
      await page.getByRole("button", { name: /showing Kafka only/ }).click();
      const all = ((await (await api.get("/api/v1/health")).json()) as { services: unknown[] }).services.length;
      await expect(services.locator("tr[data-service]")).toHaveCount(all);
      await expect(services.locator("tr[data-status=down]")).toHaveCount(0);
      await page.screenshot({ path: `${SHOTS}/health.png`, fullPage: true });

      // Alerts: the firing alert, the rules; an admin edits DLQGrowth's threshold.
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alerts" }).click();
      await expect(
        page
          .getByRole("list", { name: "Active alerts" })
          .locator("[data-rule=LowQualityScore]", { hasText: "layer=gold" }),
      ).toBeVisible();
      const rules = page.getByRole("table", { name: "Alert rules" });
      await expect(rules.locator("tr[data-rule]")).toHaveCount(4);
      await rules.getByLabel("DLQGrowth threshold").fill("250");
      await rules.locator("tr[data-rule=DLQGrowth]").getByRole("button", { name: "Save" }).click();
      await expect(page.getByText("DLQGrowth saved")).toBeVisible();
      await expect(rules.locator("tr[data-rule=DLQGrowth]")).toContainText("changed by admin");
      await page.screenshot({ path: `${SHOTS}/alerts.png`, fullPage: true });
      const rule = (
        (await (await api.get("/api/v1/alerts")).json()) as { rules: { id: string; threshold: number }[] }
      ).rules.find((r) => r.id === "dlq-growth");
      expect(rule?.threshold).toBe(250);
    } finally {
      await api.patch("/api/v1/alerts/rules/low-quality-score", { data: { forSeconds: 300, threshold: 80 } });
      await api.patch("/api/v1/alerts/rules/dlq-growth", { data: { threshold: 100 } });
    }
  });
});
