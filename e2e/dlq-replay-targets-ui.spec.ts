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

// Issue #15 point 5: the replay dialog shows the targets a replay cannot write and lets an operator create a missing one.
test.describe("Replay dialog: blocking targets", () => {
  test.skip(!broker, "needs KAFKA_BOOTSTRAP (npm test starts the cluster)");
  test.skip(Boolean(process.env.E2E_PG_URL), "runs once, on the embedded database");
  const topics: string[] = [];
  test.afterAll(async () => {
    const admin = new Admin({ clientId: "e2e-replayh-ui", bootstrapBrokers: bootstrap.split(",") });
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.close();
  });

  for (const [width, height, name] of [
    [1440, 900, "desktop"],
    [390, 844, "phone"],
  ] as const) {
    test(`a dry run to a missing topic blocks the replay until the operator creates the topic (${name})`, async ({
      page,
    }) => {
      test.setTimeout(90_000);
      const id = randomUUID().slice(0, 8);
      const dlq = `replayh-ui-${id}-dlq`;
      const target = `replayh-ui-${id}-app_events`;
      topics.push(dlq, target);
      const admin = new Admin({ clientId: "e2e-replayh-ui", bootstrapBrokers: bootstrap.split(",") });
      await admin.createTopics({ topics: [dlq], partitions: 2, replicas: 3 });
      await admin.close();
      const lines = Array.from({ length: 3 }, (_, i) => `k${i}\t{"event":${i}}`).join("\n") + "\n";
      execFileSync(
        "kcat",
        [
          "-b",
          broker,
          "-P",
          "-t",
          dlq,
          "-p",
          "0",
          "-K",
          "\t",
          "-H",
          `__connect.errors.topic=${target}`,
          "-H",
          "__connect.errors.exception.class.name=E",
        ],
        { input: lines, timeout: 30_000 },
      );

      await page.setViewportSize({ width, height });
      await page.goto(`/login?next=/dlq/topics/${dlq}`);
      await signIn(page);
      await expect(page).toHaveURL(new RegExp(`/dlq/topics/${dlq}$`));
      const table = page.getByRole("table", { name: `Messages of ${dlq}` });
      const boxes = table.getByRole("checkbox", { name: /^Select \d+@\d+$/ });
      await expect(boxes).toHaveCount(3, { timeout: 20_000 });
      for (let i = 0; i < 3; i++) await boxes.nth(i).check();
      await page.getByRole("button", { name: "Replay 3 selected" }).click();
      const dialog = page.getByRole("dialog", { name: "Replay messages" });
      await dialog.getByRole("button", { name: "Dry run" }).click();

      const blocking = dialog.getByRole("region", { name: "Blocking targets" });
      await expect(blocking).toContainText("The replay would fail: 1 target(s) cannot be written.");
      await expect(blocking).toContainText(`topic ${target} does not exist`);
      await expect(blocking).toContainText("3 message(s)");
      await expect(dialog.getByTestId("dry-run")).toContainText(
        "3 message(s) planned (3 read), but the replay cannot run as it stands",
      );
      await expect(dialog.getByRole("button", { name: "Replay 3", exact: true })).toBeDisabled();
      await page.screenshot({ path: `${SHOTS}/replay-blocking-${name}.png` });
      await page.emulateMedia({ colorScheme: "dark" });
      await page.screenshot({ path: `${SHOTS}/replay-blocking-${name}-dark.png` });
      await page.emulateMedia({ colorScheme: "light" });

      // Keyboard: the create button is reachable and works with Enter.
      const create = blocking.getByRole("button", { name: `Create ${target}` });
      await create.focus();
      await page.keyboard.press("Enter");
      await expect(page.getByText(`Created ${target}: 2 partition(s), replication factor 3`)).toBeVisible();
      // The dry run runs again by itself: nothing blocks now.
      await expect(blocking).toBeHidden();
      await expect(dialog.getByTestId("dry-run")).toContainText("3 message(s) would be replayed");
      await expect(dialog.getByRole("button", { name: "Replay 3", exact: true })).toBeEnabled();
      await page.screenshot({ path: `${SHOTS}/replay-blocking-created-${name}.png` });
    });
  }
});
