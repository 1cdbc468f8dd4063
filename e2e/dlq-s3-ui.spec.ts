import { expect, test } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { Admin } from "@platformatic/kafka";
import { removeS3DlqType, seedS3DlqType } from "./fixtures/s3-dlq";
import { testS3Client } from "../test/s3-dlq-seed";
import { signIn } from "./fixtures/ui";

const SHOTS = ".test-env/screenshots";
mkdirSync(SHOTS, { recursive: true });
const bootstrap = process.env.KAFKA_BOOTSTRAP ?? "";

test.describe("S3 dead letters in the DLQ pages", () => {
  test.skip(Boolean(process.env.E2E_PG_URL), "runs once, on the embedded database");
  const topics: string[] = [];
  const seeded: string[] = [];
  test.afterAll(async () => {
    const s3 = testS3Client();
    for (const t of seeded) await removeS3DlqType(s3, t).catch(() => undefined);
    s3.destroy();
    const admin = new Admin({ clientId: "e2e-s3-ui", bootstrapBrokers: bootstrap.split(",") });
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.close();
  });

  test("an operator finds the S3 source beside the Kafka topics, browses it, groups, dry-runs and replays, and copies to reprocess", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    if (!bootstrap || !process.env.S3_ENDPOINT)
      throw new Error("needs KAFKA_BOOTSTRAP and S3_ENDPOINT (npm test starts them)");
    const id = randomUUID().slice(0, 8);
    const { s3, type, prefix } = await seedS3DlqType(id);
    s3.destroy();
    seeded.push(type);
    const target = `s3ui_${id}_events`;
    topics.push(target);
    const admin = new Admin({ clientId: "e2e-s3-ui", bootstrapBrokers: bootstrap.split(",") });
    await admin.createTopics({ topics: [target], partitions: 1, replicas: 3 });
    await admin.close();

    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/login?next=/dlq");
    await signIn(page);
    const section = page.getByRole("region", { name: "S3 dead letters" });
    await expect(section.getByRole("link", { name: `dlq/${type}/` })).toBeVisible({ timeout: 20_000 });
    await expect(section.getByRole("list", { name: `Dates of ${type}` })).toContainText("2026-11-30");
    await section
      .getByRole("list", { name: `Dates of ${type}` })
      .getByRole("link", { name: "2026-11-30" })
      .click();
    await expect(page).toHaveURL(/\/dlq\/s3\?prefix=/);
    await expect(page.getByRole("heading", { name: prefix })).toBeVisible();

    const table = page.getByRole("table", { name: /^Messages of s3:\/\// });
    await expect(table.getByRole("checkbox", { name: /^Select \d+@\d+$/ })).toHaveCount(10, { timeout: 20_000 });
    const types = page.getByRole("complementary", { name: "Error types" });
    await expect(types.getByRole("button", { name: /ValueError\s*4/ })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/dlq-s3-browse-1440.png`, fullPage: true });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.screenshot({ path: `${SHOTS}/dlq-s3-browse-1440-dark.png`, fullPage: true });
    await page.emulateMedia({ colorScheme: "light" });

    // Group: one error class, then the drawer shows why it failed, from the page's own data.
    await types.getByRole("button", { name: /TypeError\s*4/ }).click();
    await expect(table.getByRole("checkbox", { name: /^Select \d+@\d+$/ })).toHaveCount(4);
    await table.getByRole("row").nth(1).click();
    const drawer = page.getByRole("dialog", { name: /^Message 1@0$/ });
    await expect(drawer.getByRole("region", { name: "Why it failed" })).toContainText(
      "Schema validation failed: row 6",
    );
    await page.keyboard.press("Escape");

    // Replay what the filter matches into the target: dry run first, then the real run.
    await page.getByRole("button", { name: "Replay all matching…" }).click();
    const dialog = page.getByRole("dialog", { name: "Replay messages" });
    await dialog.getByLabel("Override topic").fill(target);
    await dialog.getByRole("button", { name: "Dry run" }).click();
    await expect(dialog.getByTestId("dry-run")).toContainText("4 message(s) would be replayed");
    await page.screenshot({ path: `${SHOTS}/dlq-s3-replay-dry-run-1440.png` });
    await dialog.getByRole("button", { name: "Replay 4", exact: true }).click();
    await expect(dialog).toContainText("Replay queued");
    await dialog.getByText("Close", { exact: true }).click();

    // Copy two selected records to the reprocess prefix, confirmed after a dry run.
    const boxes = table.getByRole("checkbox", { name: /^Select \d+@\d+$/ });
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByRole("button", { name: "Copy 2 selected to reprocess" }).click();
    const copy = page.getByRole("dialog", { name: "Copy to the reprocess prefix" });
    await copy.getByRole("button", { name: "Dry run" }).click();
    await expect(copy.getByTestId("copy-plan")).toContainText(`2 record(s)`);
    await copy.getByRole("button", { name: "Copy 2", exact: true }).click();
    await expect(copy.getByTestId("copy-done")).toContainText(`reprocess/${type}/date=`);
    await copy.getByText("Close", { exact: true }).click();

    // The replay ran: the history shows it succeeded with 4 sent.
    await page.goto("/dlq/replays");
    await expect(page.getByRole("table").first()).toContainText(`s3://`, { timeout: 20_000 });

    // Phone width: the S3 page is usable at 390 px.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/dlq/s3?prefix=${encodeURIComponent(prefix)}`);
    await expect(page.getByRole("heading", { name: prefix })).toBeVisible();
    await expect(
      page.getByRole("table", { name: /^Messages of s3:\/\// }).getByRole("checkbox", { name: /^Select \d+@\d+$/ }),
    ).toHaveCount(10, {
      timeout: 20_000,
    });
    await page.screenshot({ path: `${SHOTS}/dlq-s3-browse-390.png`, fullPage: true });
    await page.goto("/dlq");
    await expect(
      page.getByRole("region", { name: "S3 dead letters" }).getByRole("link", { name: `dlq/${type}/` }),
    ).toBeVisible({
      timeout: 20_000,
    });
    await page.screenshot({ path: `${SHOTS}/dlq-s3-sources-390.png`, fullPage: true });
  });
});
