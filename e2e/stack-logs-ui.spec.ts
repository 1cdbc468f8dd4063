import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, waitReady, type ServerProcess } from "./fixtures/server";
import { signIn } from "./fixtures/ui";

// Issue #15, point 12: container logs render their ANSI colours instead of showing escape codes, and a hostile log
// (terminal hyperlinks, control sequences, a very long line) can neither plant a link nor break the page. Own server,
// own template and compose project (stacklogs-e2e, no host ports).
const PORT = 4181;
const PASSWORD = "stack-logs-ui-password";
const PROJECT = "stacklogs-e2e";
const SHOTS = ".test-env/screenshots";
mkdirSync(SHOTS, { recursive: true });

// printf in dash understands \033 and \007; the long line is 20,000 characters of "x" ending in "END".
const SCRIPT = [
  String.raw`printf '\033[31mred-text\033[0m \033[1;32mgreen-bold\033[0m \033[38;5;208morange-256\033[0m plain\n'`,
  String.raw`printf 'see \033]8;;http://evil.example/\007click-me\033]8;;\007 and \033]0;pwned-title\007 \033[2Jafter-clear\n'`,
  String.raw`printf '%020000dEND\n' 0 | tr 0 x`,
  "sleep infinity",
].join("; ");

const TEMPLATE = `name: ${PROJECT}
services:
  printer:
    image: nexus/debian:bookworm
    init: true
    command: ["sh", "-c", ${JSON.stringify(SCRIPT)}]
`;

function removeContainers(): void {
  const ids = execFileSync("docker", ["ps", "-aq", "--filter", `label=com.docker.compose.project=${PROJECT}`], {
    timeout: 20_000,
  })
    .toString()
    .trim();
  if (ids) execFileSync("docker", ["rm", "-f", ...ids.split("\n")], { timeout: 60_000 });
}

test.describe("stack logs", () => {
  test.skip(Boolean(process.env.E2E_PG_URL), "runs once, on the embedded database");
  let server: ServerProcess;

  test.beforeAll(async () => {
    removeContainers();
    const dir = mkdtempSync(join(tmpdir(), "stacklogs-templates-"));
    mkdirSync(join(dir, "stacklogs"));
    writeFileSync(join(dir, "stacklogs", "compose.yaml"), TEMPLATE);
    writeFileSync(
      join(dir, "stacklogs", "template.json"),
      JSON.stringify({ title: "Stack logs", description: "ANSI logs (e2e)" }),
    );
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

  test("logs show ANSI colours as colours, drop terminal links and titles, and wrap a 20,000-character line", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${server.url}/login?next=/stack?t=stacklogs`);
    await signIn(page, PASSWORD);
    await page.getByRole("button", { name: "Start stacklogs" }).click();
    await expect(page.getByTestId("stack-operation")).toContainText("succeeded", { timeout: 90_000 });

    const logs = page.getByTestId("logs");
    await expect(logs).toContainText("red-text", { timeout: 30_000 });
    await expect(logs).toContainText("END");
    const text = (await logs.textContent()) ?? "";
    expect(text).not.toContain("[31m");
    expect(text).not.toContain("\u001b");
    expect(text).not.toContain("\u0007");
    expect(text).not.toContain("pwned-title");
    expect(text).toContain("see click-me and ");
    expect(text).toContain("after-clear");
    await expect(logs.locator("a")).toHaveCount(0);

    const colour = (t: string) => logs.getByText(t, { exact: true }).evaluate((e) => getComputedStyle(e).color);
    expect(await colour("red-text")).toBe("rgb(187, 0, 0)");
    expect(await colour("green-bold")).toBe("rgb(0, 187, 0)");
    expect(await logs.getByText("green-bold", { exact: true }).evaluate((e) => getComputedStyle(e).fontWeight)).toBe(
      "700",
    );
    expect(await colour("orange-256")).toBe("rgb(255, 135, 0)"); // xterm's colour 208

    // The long line wraps inside the log box: the box does not scroll sideways, nor does the page (the operation
    // history that the start left behind included).
    expect(await logs.evaluate((e) => e.scrollWidth <= e.clientWidth + 1)).toBe(true);
    for (const [width, height] of [
      [1440, 900],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true);
      await logs.scrollIntoViewIfNeeded();
      await logs.evaluate((e) => {
        e.scrollTop = 0;
      });
      await page.screenshot({ path: `${SHOTS}/stack-logs-ansi-${width}.png` });
    }
    await page.emulateMedia({ colorScheme: "dark" });
    await page.screenshot({ path: `${SHOTS}/stack-logs-ansi-dark-390.png` });
  });
});
