import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { Admin } from "@platformatic/kafka";
import { signIn } from "./fixtures/ui";

const SHOTS = ".test-env/screenshots";
mkdirSync(SHOTS, { recursive: true });
const bootstrap = process.env.KAFKA_BOOTSTRAP ?? "";
const broker = bootstrap.split(",")[0] ?? "";
const id = randomUUID().slice(0, 8);
const dlq = `dlq_ui_${id}`;
const target = `orders_ui_${id}`;

function kcat(args: string[], input?: string): string {
  return execFileSync("kcat", ["-b", broker, ...args], { input, encoding: "utf8", timeout: 60_000 });
}

test.describe("DLQ page", () => {
  test.skip(!broker, "needs KAFKA_BOOTSTRAP (npm test starts the cluster)");
  test.skip(Boolean(process.env.E2E_PG_URL), "runs once, on the embedded database");

  test.beforeAll(async () => {
    const admin = new Admin({ clientId: "e2e-dlq-ui", bootstrapBrokers: bootstrap.split(",") });
    await admin.createTopics({ topics: [dlq, target], partitions: 3, replicas: 3 });
    await admin.close();
    const data = (n: number, from: number) =>
      Array.from(
        { length: n },
        (_, i) => `order-${from + i}\t{"order_id":${from + i},"amount":${(from + i) * 10},"currency":"EUR"}`,
      ).join("\n") + "\n";
    kcat(
      [
        "-P",
        "-t",
        dlq,
        "-K",
        "\t",
        "-H",
        `__connect.errors.topic=${target}`,
        "-H",
        "__connect.errors.stage=VALUE_CONVERTER",
        "-H",
        "__connect.errors.exception.class.name=org.apache.kafka.connect.errors.DataException",
        "-H",
        "__connect.errors.exception.message=Unknown magic byte!",
      ],
      data(12, 0),
    );
    kcat(
      [
        "-P",
        "-t",
        dlq,
        "-K",
        "\t",
        "-H",
        `__connect.errors.topic=${target}`,
        "-H",
        "__connect.errors.exception.class.name=org.apache.kafka.common.errors.SerializationException",
        "-H",
        "__connect.errors.exception.message=Error deserializing Avro",
      ],
      data(8, 100),
    );
  });

  test("browse, open a message, select three, dry run, replay, and find it in the history", async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto("/login?next=/dlq");
    await signIn(page);
    await expect(page).toHaveURL(/\/dlq$/);
    await page.getByRole("radio", { name: "Light theme" }).click();
    const card = page.getByRole("link", { name: dlq });
    await expect(card).toBeVisible({ timeout: 20_000 });
    await page.screenshot({ path: `${SHOTS}/dlq-topics.png`, fullPage: true });
    await card.click();

    await expect(page).toHaveURL(new RegExp(`/dlq/topics/${dlq}$`));
    const table = page.getByRole("table", { name: `Messages of ${dlq}` });
    await expect(table.getByRole("row")).toHaveCount(21); // header + 20
    const errorTypes = page.getByRole("complementary", { name: "Error types" });
    await expect(errorTypes.getByRole("button", { name: /DataException\s*12/ })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/dlq-browse.png`, fullPage: true });

    // Filter by error type with one click.
    await errorTypes.getByRole("button", { name: /SerializationException/ }).click();
    await expect(table.getByRole("row")).toHaveCount(9);

    // Open a message: the drawer shows why it failed, the pretty value and the headers.
    await table.getByRole("button", { name: /@/ }).first().click();
    const drawer = page.getByRole("dialog", { name: /Message \d+@\d+/ });
    await expect(drawer.getByRole("region", { name: "Why it failed" })).toContainText("Error deserializing Avro");
    await expect(drawer.getByRole("region", { name: "Value" })).toContainText('"currency": "EUR"');
    await expect(drawer.getByRole("region", { name: "Headers" })).toContainText("__connect.errors.topic");
    await page.screenshot({ path: `${SHOTS}/dlq-message.png` });
    await page.keyboard.press("Escape");
    await expect(drawer).toBeHidden();

    // Select three, dry run, replay.
    const boxes = table.getByRole("checkbox", { name: /^Select \d+@\d+$/ });
    for (let i = 0; i < 3; i++) await boxes.nth(i).check();
    await page.getByRole("button", { name: "Replay 3 selected" }).click();
    const dialog = page.getByRole("dialog", { name: "Replay messages" });
    await dialog.getByRole("button", { name: "Dry run" }).click();
    await expect(dialog.getByTestId("dry-run")).toContainText("3 message(s) would be replayed");
    await expect(dialog.getByTestId("dry-run")).toContainText(`→ ${target}`);
    await page.screenshot({ path: `${SHOTS}/dlq-dry-run.png` });
    await dialog.getByRole("button", { name: "Replay 3" }).click();
    await expect(dialog).toContainText("Replay queued");
    await dialog.getByRole("link", { name: "replay history" }).click();

    await expect(page).toHaveURL(/\/dlq\/replays\?id=/);
    const row = page.getByRole("table", { name: "Replays" }).getByRole("row").filter({ hasText: dlq });
    await expect(row.getByText("succeeded")).toBeVisible({ timeout: 30_000 });
    await expect(row).toContainText("3 sent");
    await expect(page.getByRole("table", { name: "Replay journal" }).getByRole("row")).toHaveCount(4, {
      timeout: 10_000,
    });
    await page.getByRole("radio", { name: "Dark theme" }).click();
    await page.screenshot({ path: `${SHOTS}/dlq-replays-dark.png`, fullPage: true });

    // The target holds exactly the three replayed messages.
    const out = kcat(["-C", "-t", target, "-o", "beginning", "-e", "-q", "-f", "%k\\n"]).split("\n").filter(Boolean);
    expect(out).toHaveLength(3);
    expect(out.every((k) => /^order-1\d\d$/.test(k))).toBe(true);
  });
});
