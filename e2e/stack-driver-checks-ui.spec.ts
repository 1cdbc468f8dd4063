import { expect, test } from "@playwright/test";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, waitReady, type ServerProcess } from "./fixtures/server";
import { signIn } from "./fixtures/ui";

// What each driver cannot honour in a template's configs and secrets, on the Stack page: the compose driver's
// warning (a bind mount keeps the file's own mode) and error (an external secret), Start refused under compose with
// the reason, allowed under swarm. Nothing is started.
const PORT = Number(process.env.E2E_DRIVER_CHECKS_PORT ?? 4305);
const PASSWORD = "stack-driver-checks-password";
const SHOTS = ".test-env/screenshots";
const STACK = "checks-ui";
mkdirSync(SHOTS, { recursive: true });

function template(): string {
  const dir = mkdtempSync(join(tmpdir(), "nexus-driver-checks-"));
  mkdirSync(join(dir, STACK));
  writeFileSync(join(dir, STACK, "app.conf"), "level=debug\n");
  writeFileSync(
    join(dir, STACK, "compose.yaml"),
    `name: ${STACK}
services:
  app:
    image: nexus/debian:bookworm
    network_mode: host
    command: ["sleep", "600"]
    configs:
      - source: app_conf
        target: /etc/app.conf
        mode: 0400
    secrets: [api_key]
configs:
  app_conf:
    file: ./app.conf
secrets:
  api_key:
    external: true
`,
  );
  writeFileSync(
    join(dir, STACK, "template.json"),
    JSON.stringify({ title: "Checks UI", description: "A config and an external secret." }),
  );
  return dir;
}

test("the Stack page says what the compose driver cannot honour and refuses its start with the reason", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const server: ServerProcess = startServer({
    port: PORT,
    env: { NEXUS_ADMIN_PASSWORD: PASSWORD, NEXUS_TEMPLATES_DIR: template(), NEXUS_PROBE_INTERVAL_MS: "0" },
  });
  try {
    await waitReady(server.url);
    const api = (await (
      await page.request.post(`${server.url}/api/v1/auth/login`, {
        data: { username: "admin", password: PASSWORD },
      })
    ).json()) as { csrfToken: string };
    expect(api.csrfToken).toBeTruthy();
    const stacks = (await (await page.request.get(`${server.url}/api/v1/stacks`)).json()) as {
      stacks: { name: string; composeChecks: { severity: string; message: string }[] }[];
    };
    const checks = stacks.stacks.find((s) => s.name === STACK)!.composeChecks;
    expect(checks.map((c) => c.severity).sort()).toEqual(["error", "warning"]);

    await page.goto(`${server.url}/login?next=/stack?t=${STACK}`);
    if (page.url().includes("/login")) await signIn(page, PASSWORD);
    await page.getByText(/Under Compose: 1 warning, 1 error/).click();
    const list = page.getByRole("list", { name: "Compose checks" });
    await expect(list).toContainText("secret api_key is external: only the swarm driver has those");
    await expect(list).toContainText("uid, gid and mode are not applied");
    const start = page.getByRole("button", { name: `Start ${STACK}` });
    await expect(start).toBeDisabled();
    await expect(start).toHaveAttribute("title", /Compose cannot run checks-ui: .*api_key is external/);
    await page.screenshot({ path: `${SHOTS}/stack-compose-checks-1440.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/stack-compose-checks-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });

    // Under swarm the external secret is the swarm's to have: Start is allowed (and not pressed).
    await page.getByLabel(`Driver for ${STACK}`).selectOption("swarm");
    await expect(start).toBeEnabled();
    await page.getByRole("radio", { name: "Dark theme" }).click();
    await page.screenshot({ path: `${SHOTS}/stack-compose-checks-dark.png`, fullPage: true });
  } finally {
    server.proc.kill("SIGTERM");
    await server.exited;
  }
});
