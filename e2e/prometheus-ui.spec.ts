import { expect, test } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { startServer, waitReady, type ServerProcess } from "./fixtures/server";
import { signIn } from "./fixtures/ui";

// Issue #15, point 8: one Prometheus for every view. With only NEXUS_PROMETHEUS_URL set (no stack, no probe), the
// overview's charts, the health page and alerts all name it and ask it; none says "no Prometheus".
const PORT = 4182;
const PASSWORD = "prometheus-ui-password";
const SHOTS = ".test-env/screenshots";
mkdirSync(SHOTS, { recursive: true });
const prometheusUrl = process.env.PROMETHEUS_URL ?? "";

test.describe("one Prometheus everywhere", () => {
  test.skip(Boolean(process.env.E2E_PG_URL), "runs once, on the embedded database");
  let server: ServerProcess;
  test.beforeAll(async () => {
    if (!prometheusUrl) throw new Error("source the test environment's env.sh first: PROMETHEUS_URL is missing");
    server = startServer({
      port: PORT,
      env: {
        NEXUS_ADMIN_PASSWORD: PASSWORD,
        NEXUS_PROMETHEUS_URL: prometheusUrl,
        NEXUS_PROBES: "",
        NEXUS_DOCKER_SOCKET: "/nonexistent/docker.sock",
        LOG_LEVEL: "warn",
      },
    });
    await waitReady(server.url);
  });
  test.afterAll(async () => {
    server?.proc.kill("SIGTERM");
    await server?.exited;
  });

  test("the overview, health and alerts pages name and ask the configured Prometheus", async ({ page }) => {
    const asked = `asking NEXUS_PROMETHEUS_URL at ${prometheusUrl.replace(/^https?:\/\//, "")}`;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${server.url}/login?next=/`);
    await signIn(page, PASSWORD);
    await expect(page.getByTestId("prometheus-asked").first()).toHaveText(asked, { timeout: 20_000 });
    await expect(page.getByText("No Prometheus is up to ask")).toHaveCount(0);
    await expect(page.getByText(/no Prometheus to ask/)).toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/prometheus-overview-1440.png`, fullPage: true });
    for (const path of ["/health", "/alerts"]) {
      await page.goto(`${server.url}${path}`);
      await expect(page.getByTestId("prometheus-asked").first()).toHaveText(asked, { timeout: 20_000 });
      await expect(page.getByText(/no Prometheus is probed|no Prometheus to ask|not probed/)).toHaveCount(0);
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/prometheus-alerts-390.png`, fullPage: true });
  });
});
