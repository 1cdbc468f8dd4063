import { expect, test } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { signedIn } from "./fixtures/api";
import { runWriting, seedMedallion } from "./fixtures/iceberg";
import { signIn } from "./fixtures/ui";

const SHOTS = ".test-env/screenshots";
mkdirSync(SHOTS, { recursive: true });

test.describe("catalog page", () => {
  test.skip(Boolean(process.env.E2E_PG_URL), "runs once, on the embedded database");

  test("browse to a table pyiceberg wrote, read its schema, spec, properties and snapshots, and go to its lineage dataset and back", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    seedMedallion();
    const api = await signedIn();
    const event = runWriting(randomUUID(), { namespace: "iceberg", name: "iceberg.silver.app_events_cleaned" });
    expect((await api.post("/api/v1/lineage", { data: event })).status()).toBe(201);

    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/catalog");
    await signIn(page);
    await page.getByRole("link", { name: "Catalog" }).first().click();
    await expect(page.getByRole("heading", { name: "Catalog" })).toBeVisible();
    await page.getByRole("button", { name: "silver" }).click();
    await page
      .getByRole("list", { name: "Tables of silver" })
      .getByRole("link", { name: "app_events_cleaned" })
      .click();

    const schema = page.getByRole("table", { name: "Schema" });
    await expect(schema.getByRole("row").filter({ hasText: "event_time" })).toContainText("timestamptz");
    await expect(schema.getByRole("row").filter({ hasText: /^\d+└ os/ })).toContainText("string");
    await expect(schema.getByRole("row").filter({ hasText: "attributes" }).first()).toContainText(
      "map<string, string>",
    );
    await expect(page.getByRole("table", { name: "Partition spec" })).toContainText("event_day");
    await expect(page.getByRole("table", { name: "Partition spec" })).toContainText("day");
    await expect(page.getByLabel("Properties")).toContainText("owner");
    await expect(page.getByRole("img", { name: /Records per snapshot: 4 snapshots, 79 records added/ })).toBeVisible();
    const snaps = page.getByRole("table", { name: "Snapshots" });
    await expect(snaps.getByRole("row")).toHaveCount(5);
    await expect(snaps.getByRole("row").nth(1)).toContainText("current");
    await page.screenshot({ path: `${SHOTS}/catalog-table.png`, fullPage: true });

    await page.getByRole("radio", { name: "Dark theme" }).click();
    await page.screenshot({ path: `${SHOTS}/catalog-table-dark.png`, fullPage: true });
    await page.getByRole("radio", { name: "Light theme" }).click();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/catalog-table-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });

    await page.getByRole("link", { name: "Lineage dataset" }).click();
    await expect(page.getByRole("heading", { name: "iceberg.silver.app_events_cleaned" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Catalog table" })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/catalog-lineage-dataset.png`, fullPage: true });
    await page.getByRole("link", { name: "Catalog table" }).click();
    await expect(page).toHaveURL(/\/catalog\?namespace=silver&table=app_events_cleaned/);
    await expect(page.getByRole("table", { name: "Schema" })).toBeVisible();
  });

  test("a table the catalog does not have says so", async ({ page }) => {
    await page.goto("/catalog?namespace=silver&table=no_such_table");
    await signIn(page);
    await expect(page.getByRole("alert").filter({ hasText: "Table no_such_table unavailable" })).toContainText(
      "not in the catalog",
    );
  });
});
