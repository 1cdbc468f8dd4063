import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, waitReady, type ServerProcess } from "./fixtures/server";
import { signIn } from "./fixtures/ui";

// The Stack page under the swarm driver, on a small template of its own (no fixed ports, so no stack lock needed):
// the driver picked on Start with Swarm's warnings, tasks per service, a scale with its confirmation; light, dark, phone.
const PORT = 4303;
const PASSWORD = "stack-swarm-ui-password";
const SHOTS = ".test-env/screenshots";
const STACK = "swarm-ui";
mkdirSync(SHOTS, { recursive: true });

const docker = (...args: string[]) =>
  execFileSync("docker", args, { timeout: 30_000, stdio: ["ignore", "pipe", "pipe"] })
    .toString()
    .trim();

function template(): string {
  const dir = mkdtempSync(join(tmpdir(), "nexus-swarm-ui-"));
  mkdirSync(join(dir, STACK));
  writeFileSync(
    join(dir, STACK, "compose.yaml"),
    `name: ${STACK}
services:
  db:
    image: nexus/debian:bookworm
    network_mode: host
    init: true
    command: ["sh", "-c", "touch /tmp/ready; sleep 600"]
    healthcheck: { test: "test -f /tmp/ready", interval: 500ms, retries: 50 }
    stop_grace_period: 1s
  worker:
    image: nexus/debian:bookworm
    network_mode: host
    init: true
    container_name: worker
    command: ["sh", "-c", "sleep 600"]
    stop_grace_period: 1s
    deploy: { replicas: 2, update_config: { parallelism: 1 } }
    depends_on: { db: { condition: service_healthy } }
`,
  );
  writeFileSync(
    join(dir, STACK, "template.json"),
    JSON.stringify({ title: "Swarm UI", description: "Two services on the swarm driver." }),
  );
  return dir;
}

test("the Stack page starts a template on the swarm, shows its tasks and scales a service after a confirmation", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const server: ServerProcess = startServer({
    port: PORT,
    env: { NEXUS_ADMIN_PASSWORD: PASSWORD, NEXUS_TEMPLATES_DIR: template(), NEXUS_PROBE_INTERVAL_MS: "0" },
  });
  const shoot = (name: string) => page.screenshot({ path: `${SHOTS}/stack-swarm-${name}.png`, fullPage: true });
  try {
    await waitReady(server.url);
    await page.goto(`${server.url}/login?next=/stack?t=${STACK}`);
    await signIn(page, PASSWORD);
    const driver = page.getByLabel(`Driver for ${STACK}`);
    await expect(driver).toBeVisible();
    await expect(driver.locator("option", { hasText: "Swarm" })).toHaveText("Swarm (2 warnings)");
    await driver.selectOption("swarm");
    await page.getByText(/Under Swarm: 2 warnings/).click();
    await expect(page.getByRole("list", { name: "Swarm checks" })).toContainText("container_name is ignored");
    await page.getByRole("button", { name: `Start ${STACK}` }).click();
    const worker = page.locator('[data-service="worker"]');
    await expect(worker).toContainText("2/2", { timeout: 90_000 });
    await expect(page.getByText(`on swarm`)).toBeVisible();
    await expect(page.getByRole("list", { name: "Tasks of worker" }).getByRole("listitem")).toHaveCount(2);
    expect(docker("stack", "services", STACK, "--format", "{{.Name}} {{.Replicas}}").split("\n").sort()).toEqual([
      `${STACK}_db 1/1`,
      `${STACK}_worker 2/2`,
    ]);
    await shoot("light-1440");

    await page.getByRole("button", { name: "Scale worker" }).click();
    const dialog = page.getByRole("dialog", { name: "Scale worker?" });
    await dialog.getByLabel("Replicas").fill("1");
    await shoot("scale-dialog");
    await dialog.getByRole("button", { name: "Scale to 1" }).click();
    await expect(worker).toContainText("1/1", { timeout: 60_000 });
    await page.getByRole("radio", { name: "Dark theme" }).click();
    await shoot("dark-1440");
    await page.getByRole("radio", { name: "Light theme" }).click();
    await page.setViewportSize({ width: 390, height: 844 });
    await shoot("phone-390");
    await page.setViewportSize({ width: 1440, height: 900 });

    await page.getByRole("button", { name: `Stop ${STACK}` }).click();
    await page
      .getByRole("dialog", { name: `Stop ${STACK}?` })
      .getByRole("button", { name: "Stop stack" })
      .click();
    await expect(driver).toBeVisible({ timeout: 60_000 }); // nothing runs: the driver can be picked again
    expect(docker("stack", "ls", "--format", "{{.Name}}").split("\n")).not.toContain(STACK);
  } finally {
    server.proc.kill("SIGKILL");
    await server.exited;
    if (docker("stack", "ls", "--format", "{{.Name}}").split("\n").includes(STACK)) docker("stack", "rm", STACK);
  }
});
