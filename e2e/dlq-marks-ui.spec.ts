import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { Admin } from "@platformatic/kafka";
import { signedIn } from "./fixtures/api";
import { signIn } from "./fixtures/ui";

// Issue #15 point 7: replayed messages are marked in the DLQ browser, so nobody replays them twice by accident.
const SHOTS = ".test-env/screenshots";
mkdirSync(SHOTS, { recursive: true });
const bootstrap = process.env.KAFKA_BOOTSTRAP ?? "";
const broker = bootstrap.split(",")[0] ?? "";
const id = randomUUID().slice(0, 8);
const dlq = `dlqmarkh-${id}-ui.dlq`;
const target = `dlqmarkh-${id}-ui-orders`;

test.describe("DLQ replay marks", () => {
  test.skip(!broker, "needs KAFKA_BOOTSTRAP (npm test starts the cluster)");
  let rid = "";

  test.beforeAll(async () => {
    const admin = new Admin({ clientId: "e2e-dlqmarks-ui", bootstrapBrokers: bootstrap.split(",") });
    await admin.createTopics({ topics: [dlq, target], partitions: 1, replicas: 3 });
    await admin.close();
    const data =
      Array.from({ length: 4 }, (_, i) => `order-${i}\t{"order_id":${i},"amount":${i * 10}}`).join("\n") + "\n";
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
        "__connect.errors.exception.class.name=org.apache.kafka.connect.errors.DataException",
        "-H",
        "__connect.errors.exception.message=Unknown magic byte!",
      ],
      { input: data, timeout: 30_000 },
    );
    const api = await signedIn();
    const res = await api.post("/api/v1/dlq/replays", {
      data: {
        sourceTopic: dlq,
        messages: [
          { partition: 0, offset: "1" },
          { partition: 0, offset: "2" },
        ],
      },
    });
    rid = ((await res.json()) as { replay: { id: string } }).replay.id;
    for (let i = 0; i < 200; i++) {
      const r = (await (await api.get(`/api/v1/dlq/replays/${rid}`)).json()) as { state: string };
      if (r.state === "succeeded") break;
      await sleep(100);
    }
  });

  test("replayed rows and the drawer show the replay's id and time; the dialog counts the selected ones already replayed", async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/login?next=/dlq/topics/${dlq}`);
    await signIn(page);
    await page.getByRole("radio", { name: "Light theme" }).click();
    const table = page.getByRole("table", { name: `Messages of ${dlq}` });
    await expect(table.getByRole("row")).toHaveCount(5);
    const badges = table.getByTestId("replayed-badge");
    await expect(badges).toHaveCount(2);
    await expect(badges.first()).toContainText(rid.slice(0, 8));
    await expect(badges.first()).toHaveAttribute("href", `/dlq/replays?id=${rid}`);
    await expect(table.getByRole("row", { name: /0@0/ }).getByTestId("replayed-badge")).toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/dlqmark-rows-1440.png`, fullPage: true });

    await table.getByRole("button", { name: "0@1" }).click();
    const drawer = page.getByRole("dialog", { name: "Message 0@1" });
    const marked = drawer.getByRole("region", { name: "Already replayed" });
    await expect(marked).toContainText("Already replayed once");
    await expect(marked).toContainText(rid.slice(0, 8));
    await expect(marked).toContainText(target);
    await page.screenshot({ path: `${SHOTS}/dlqmark-drawer-1440.png` });
    await page.keyboard.press("Escape");

    await page.getByRole("checkbox", { name: "Select 0@0" }).check();
    await page.getByRole("checkbox", { name: "Select 0@1" }).check();
    await page.getByRole("button", { name: /Replay 2 selected/ }).click();
    await expect(page.getByRole("dialog", { name: "Replay messages" })).toContainText(
      "1 of the 2 selected message(s) were already replayed",
    );
    await page.screenshot({ path: `${SHOTS}/dlqmark-dialog-1440.png` });
    await page.getByRole("button", { name: "Cancel" }).click();

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("radio", { name: "Dark theme" }).click();
    await expect(badges).toHaveCount(2);
    await page.screenshot({ path: `${SHOTS}/dlqmark-rows-390-dark.png`, fullPage: true });
    await table.getByRole("button", { name: "0@2" }).click();
    await expect(
      page.getByRole("dialog", { name: "Message 0@2" }).getByRole("region", { name: "Already replayed" }),
    ).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/dlqmark-drawer-390-dark.png` });
  });
});
