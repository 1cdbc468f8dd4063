import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3955);
export const E2E_ADMIN_PASSWORD = "e2e-admin-password";

export default defineConfig({
  testDir: "e2e",
  // Several instances on one PostgreSQL start their own servers: playwright.instances.config.ts.
  testIgnore: /\/e2e\/instances\//,
  reporter: "list",
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "off",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: `node scripts/test/serve-e2e.mjs`,
    url: `http://127.0.0.1:${port}/api/readyz`,
    env: { E2E_PORT: String(port), NEXUS_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
