import { expect, test, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, waitReady, type ServerProcess } from "./fixtures/server";
import { signIn } from "./fixtures/ui";

// Issue #15, points 9-11: one status model in every view, confirmation before stopping a stack, Start/Stop disabled
// where they would do nothing, and template problems grouped by cause. Own server, own templates and own compose
// project (stackui-e2e, no host ports), so that nothing of the shared test services is touched.
const PORT = 4151;
const PASSWORD = "stack-status-ui-password";
const PROJECT = "stackui-e2e";
const SHOTS = ".test-env/screenshots";
mkdirSync(SHOTS, { recursive: true });

const DEMO = `name: ${PROJECT}
services:
  init:
    image: nexus/debian:bookworm
    command: ["true"]
  db:
    image: nexus/debian:bookworm
    command: ["sleep", "infinity"]
    init: true
    healthcheck: { test: ["CMD", "true"], interval: 1s, retries: 3 }
  web:
    image: nexus/debian:bookworm
    command: ["sleep", "infinity"]
    init: true
    depends_on:
      init: { condition: service_completed_successfully }
      db: { condition: service_healthy }
  admin:
    image: nexus/debian:bookworm
    profiles: [admin]
    environment:
      PASSWORD: \${STACKUI_ADMIN_PASSWORD:?set STACKUI_ADMIN_PASSWORD}
`;

// Three services need the same password, one a token; a service of an inactive profile needs a third variable.
const BROKEN = `name: stackui-broken
services:
${["a", "b", "c"].map((s) => `  ${s}:\n    image: nexus/debian:bookworm\n    environment:\n      PASSWORD: \${STACKUI_DB_PASSWORD:?set STACKUI_DB_PASSWORD}\n`).join("")}    command: ["sh", "-c", "echo \${STACKUI_TOKEN:?}"]
  d:
    image: nexus/debian:bookworm
    profiles: [extra]
    environment:
      PASSWORD: \${STACKUI_ADMIN_PASSWORD:?set STACKUI_ADMIN_PASSWORD}
`;

function removeContainers(): void {
  const ids = execFileSync("docker", ["ps", "-aq", "--filter", `label=com.docker.compose.project=${PROJECT}`], {
    timeout: 20_000,
  })
    .toString()
    .trim();
  if (ids) execFileSync("docker", ["rm", "-f", ...ids.split("\n")], { timeout: 60_000 });
}

function templates(): string {
  const dir = mkdtempSync(join(tmpdir(), "stackui-templates-"));
  for (const [name, yaml, title] of [
    ["stackui-demo", DEMO, "Stack UI demo"],
    ["stackui-broken", BROKEN, "Stack UI broken"],
  ] as const) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, "compose.yaml"), yaml);
    writeFileSync(
      join(dir, name, "template.json"),
      JSON.stringify({ title, description: `${title} (e2e)`, services: { init: { oneShot: true } } }),
    );
  }
  return dir;
}

async function shoot(page: Page, name: string): Promise<void> {
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${SHOTS}/stackui-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test.describe("stack status, confirmations and template problems", () => {
  test.skip(Boolean(process.env.E2E_PG_URL), "runs once, on the embedded database");
  let server: ServerProcess;
  let dir: string;

  test.beforeAll(async () => {
    removeContainers();
    dir = templates();
    server = startServer({
      port: PORT,
      env: {
        NEXUS_ADMIN_PASSWORD: PASSWORD,
        NEXUS_TEMPLATES_DIR: dir,
        NEXUS_JOB_POLL_MS: "200",
        NEXUS_PROBE_INTERVAL_MS: "0",
        LOG_LEVEL: "warn",
      },
    });
    await waitReady(server.url);
  });

  test.afterAll(async () => {
    server?.proc.kill("SIGTERM");
    await server?.exited;
    removeContainers();
  });

  test("overview, stack page, graph and job banners count a completed one-shot the same way; stopping asks first", async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${server.url}/login?next=/stack?t=stackui-demo`);
    await signIn(page, PASSWORD);
    const start = page.getByRole("button", { name: "Start stackui-demo" });
    const stop = page.getByRole("button", { name: "Stop stackui-demo" });
    await expect(page.getByTestId("stack-counts")).toHaveText("0 running of 3");
    await expect(stop).toBeDisabled();
    await expect(stop).toHaveAttribute("title", /nothing runs/);
    // The service of an inactive profile is no problem of this stack.
    await expect(page.getByRole("list", { name: "Template problems" })).toHaveCount(0);

    await start.click();
    await expect(start).toBeDisabled();
    const banner = page.getByTestId("stack-operation");
    await expect(banner).toContainText("succeeded", { timeout: 90_000 });
    const counts = "2 running · 1 completed · 0 failed of 3";
    await expect(banner).toContainText(`all services up: ${counts}`);
    await expect(page.getByTestId("stack-counts")).toHaveText(counts);
    await expect(page.locator("tr[data-service=init]")).toContainText("completed");
    await expect(page.getByTestId("graph-init")).toContainText("completed");
    await expect(page.getByTestId("graph-db")).toContainText("running · healthy");
    await expect(start).toBeDisabled();
    await expect(start).toHaveAttribute("title", /every service is up/);
    await expect(stop).toBeEnabled();
    await shoot(page, "stack-up");
    // The API answers with the same model: what the views show is what CI reads.
    const api = (await (await page.request.get(`${server.url}/api/v1/stacks/stackui-demo`)).json()) as {
      counts: Record<string, number>;
      countsText: string;
      services: { service: string; status: string; statusText: string }[];
    };
    expect(api).toMatchObject({ counts: { total: 3, running: 2, completed: 1, failed: 0 }, countsText: counts });
    expect(api.services.find((x) => x.service === "init")).toMatchObject({
      status: "completed",
      statusText: "completed",
    });

    await page.goto(`${server.url}/`);
    const row = page.locator("li[data-stack=stackui-demo]");
    await expect(row).toContainText(counts);
    await expect(row.getByRole("button", { name: "Start stackui-demo" })).toBeDisabled();
    await row.getByRole("button", { name: "Stop stackui-demo" }).click();
    const overviewDialog = page.getByRole("dialog", { name: "Stop stackui-demo?" });
    await expect(overviewDialog).toContainText("2 running");
    await shoot(page, "overview-stop-dialog");
    await overviewDialog.getByRole("button", { name: "Cancel" }).click();
    await expect(overviewDialog).toBeHidden();
    await expect(row).toContainText(counts); // cancelled: nothing stopped

    await page.goto(`${server.url}/stack?t=stackui-demo`);
    await stop.click();
    const dialog = page.getByRole("dialog", { name: "Stop stackui-demo?" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Stop stack" }).click();
    await expect(stop).toBeDisabled();
    await expect(banner).toContainText("succeeded", { timeout: 60_000 });
    await expect(banner).toContainText("0 running of 3 · stopped 2 · removed 3 containers");
    await expect(banner).not.toContainText("services up");
    await expect(page.getByTestId("stack-counts")).toHaveText("0 running of 3");
    await shoot(page, "stack-stopped");
  });

  test("template problems are grouped by cause, skip inactive profiles and say where to set the variable", async ({
    page,
  }) => {
    await page.goto(`${server.url}/login?next=/stack?t=stackui-broken`);
    await signIn(page, PASSWORD);
    const list = page.getByRole("list", { name: "Template problems" });
    await expect(list.getByRole("listitem")).toHaveCount(2);
    await expect(page.getByRole("button", { name: /Stack UI broken/ })).toContainText("2 problems");
    const password = list.getByRole("listitem").filter({ hasText: "STACKUI_DB_PASSWORD" });
    await expect(password).toContainText("a, b, c");
    await expect(password).toContainText(join(dir, "stackui-broken", ".env"));
    await expect(password).toContainText("environment");
    await expect(list).toContainText("STACKUI_TOKEN");
    await expect(list).not.toContainText("STACKUI_ADMIN_PASSWORD");
    await expect(page.getByRole("button", { name: "Start stackui-broken" })).toHaveAttribute("title", /2 problems/);
    await shoot(page, "problems");
    await page.getByRole("radio", { name: "Dark theme" }).click();
    await page.screenshot({ path: `${SHOTS}/stackui-problems-dark-1440.png`, fullPage: true });
    await page.getByRole("radio", { name: "Light theme" }).click();

    const api = await page.request.get(`${server.url}/api/v1/stacks/stackui-broken`);
    const body = (await api.json()) as { causes: { variable: string | null; services: string[] }[] };
    expect(body.causes.map((c) => [c.variable, c.services])).toEqual([
      ["STACKUI_DB_PASSWORD", ["a", "b", "c"]],
      ["STACKUI_TOKEN", ["c"]],
    ]);
  });
});
