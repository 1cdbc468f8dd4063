import { expect, test, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { sidewaysOverflow } from "./fixtures/layout";
import { signIn } from "./fixtures/ui";

// The Stack page's services table under the swarm driver must fit its card at 1280 px (template list beside it)
// without hiding a column. A real swarm run of a whole template is slow and needs the stack lock
// (e2e/stack-swarm-ui.spec.ts runs a small one), so the real GET /api/v1/stacks of nexus-production is turned into
// what it answers while that template runs under swarm (every service running with its tasks, the one-shots
// completed, a service with two replicas), and the stats stream sends the widest figures a service shows.
const SHOTS = ".test-env/screenshots";
mkdirSync(SHOTS, { recursive: true });
const STACK = "nexus-production";
const STARTED = new Date(Date.now() - (23 * 3600 + 59 * 60) * 1000).toISOString();

type Service = {
  service: string;
  container: string | null;
  state: string;
  status: string;
  statusText: string;
  oneShot: boolean;
  health: string | null;
  exitCode: number | null;
  startedAt: string | null;
  ports: string[];
  replicas?: { desired: number | null; running: number };
  tasks?: { id: string; slot: number | null; node: string | null; state: string; desiredState: string }[];
};
type Stack = { name: string; driver: string | null; services: Service[]; inactive: string[]; [k: string]: unknown };

function underSwarm(s: Service, i: number): Service {
  const replicas = i === 0 ? 1 : s.oneShot ? 1 : i % 4 === 1 ? 2 : 1;
  const task = (slot: number, done: boolean) => ({
    id: `t${i}x${slot}qz7k2m9vb4`,
    slot,
    node: "n4k2c8w1xq0pz3",
    state: done ? "complete" : "running",
    desiredState: done ? "shutdown" : "running",
    message: done ? "finished" : "started",
    image: "nexus/debian:bookworm",
    updatedAt: STARTED,
  });
  const tasks = Array.from({ length: replicas }, (_, k) => task(k + 1, s.oneShot));
  return s.oneShot
    ? {
        ...s,
        container: `${STACK}_${s.service}.1`,
        state: "exited",
        status: "completed",
        statusText: "completed",
        exitCode: 0,
        startedAt: STARTED,
        replicas: { desired: 1, running: 0 },
        tasks,
      }
    : {
        ...s,
        container: `${STACK}_${s.service}.1.${tasks[0]!.id}`,
        state: "running",
        status: "running",
        statusText: "running · healthy",
        health: "healthy",
        startedAt: STARTED,
        // The swarm driver lists a service's `expose` ports.
        ports: s.ports.length ? s.ports : i % 3 === 0 ? [`${7000 + i}`, `${8000 + i}`] : [`${9000 + i}`],
        replicas: { desired: replicas, running: replicas },
        tasks,
      };
}

async function swarmRun(page: Page): Promise<Service[]> {
  let services: Service[] = [];
  await page.route(/\/api\/v1\/stacks(\?.*)?$/, async (route) => {
    const body = (await (await route.fetch()).json()) as { stacks: Stack[] };
    const st = body.stacks.find((x) => x.name === STACK)!;
    st.driver = "swarm";
    st.services = st.services.filter((s) => !st.inactive.includes(s.service)).map(underSwarm);
    services = st.services;
    const done = services.filter((s) => s.oneShot).length;
    st.counts = {
      ...(st.counts as object),
      total: services.length,
      running: services.length - done,
      completed: done,
      failed: 0,
      starting: 0,
      unhealthy: 0,
      stopped: 0,
      absent: 0,
    };
    st.countsText = `${services.length - done} running · ${done} completed · 0 failed of ${services.length}`;
    st.causes = [];
    st.activeOperation = null;
    await route.fulfill({ json: body });
  });
  await page.route(`**/api/v1/stacks/${STACK}/stats`, (route) =>
    route.fulfill({
      contentType: "text/event-stream",
      body:
        services
          .filter((s) => s.state === "running")
          .map(
            (s) =>
              `event: stats\ndata: ${JSON.stringify({ service: s.service, cpuPercent: 99.96, memoryBytes: 1023 * 1024 ** 2, memoryLimitBytes: 15.5 * 1024 ** 3 })}\n\n`,
          )
          .join("") + "retry: 60000\n\n",
    }),
  );
  await page.goto(`/stack?t=${STACK}`);
  await expect(page.getByText("on swarm")).toBeVisible();
  return services;
}

test("the swarm services table fits its card at 1280 px with every fact, and scrolls only inside its card on a phone", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/login?next=/stack?t=${STACK}`);
  await signIn(page);
  await page.waitForURL((u) => u.pathname === "/stack");
  const services = await swarmRun(page);
  const table = page.getByRole("table", { name: `Services of ${STACK}` });
  const card = page.locator("section", { has: table });
  const first = services.find((s) => !s.oneShot)!;
  await expect(table.getByTestId(`cpu-${first.service}`)).toHaveText("100.0 %");
  await expect(table.getByTestId(`mem-${first.service}`)).toHaveText("1023 MiB / 15.50 GiB");
  for (const s of services) {
    const row = table.locator(`tr[data-service="${s.service}"]`);
    await expect(row).toContainText(
      s.replicas!.desired === 1 && s.oneShot ? "completed" : `${s.replicas!.running}/${s.replicas!.desired}`,
    );
    await expect(row.getByTestId(`ports-${s.service}`)).toHaveText(s.ports.join(", ") || "no ports");
    await expect(row.getByRole("list", { name: `Tasks of ${s.service}` }).getByRole("listitem")).toHaveCount(
      s.tasks!.length,
    );
  }
  await expect(table.getByRole("button", { name: /^Scale / }).first()).toBeVisible();

  for (const width of [1280, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    const [scroll, client] = await table.evaluate((t) => [t.parentElement!.scrollWidth, t.parentElement!.clientWidth]);
    console.log(`services table at ${width} px: scrollWidth ${scroll}, clientWidth ${client}`);
    // What sticks out, named in the failure.
    const out = await table.evaluate((t) => {
      const edge = t.parentElement!.getBoundingClientRect().right + 0.5;
      return [...t.querySelectorAll<HTMLElement>("th, td, td *")]
        .filter((e) => e.getBoundingClientRect().right > edge)
        .slice(0, 5)
        .map(
          (e) =>
            `${e.tagName} ${e.dataset.testid ?? e.getAttribute("aria-label") ?? ""} "${e.textContent?.slice(0, 30)}"`,
        );
    });
    expect(
      scroll,
      `the services table scrolls sideways inside its card at ${width} px: ${out.join("; ")}`,
    ).toBeLessThanOrEqual(client);
    // Each row's last action button lies inside the card, not behind its edge.
    const box = (await table.evaluate((t) => t.parentElement!.getBoundingClientRect().right)) + 0.5;
    for (const right of await table
      .locator("tbody tr td:last-child button:last-child")
      .evaluateAll((bs) => bs.map((b) => b.getBoundingClientRect().right)))
      expect(right).toBeLessThanOrEqual(box);
    await page.screenshot({ path: `${SHOTS}/stack-swarm-fit-${width}.png`, fullPage: true });
    await card.screenshot({ path: `${SHOTS}/stack-swarm-fit-${width}-card.png` });
  }
  await page.getByRole("radio", { name: "Dark theme" }).click();
  await page.setViewportSize({ width: 1280, height: 900 });
  await card.screenshot({ path: `${SHOTS}/stack-swarm-fit-1280-dark-card.png` });
  await page.getByRole("radio", { name: "Light theme" }).click();

  // A phone: the page itself does not scroll sideways; the table does inside its card, and the keyboard reaches the
  // last column's buttons, which then come into view.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await sidewaysOverflow(page), "the page scrolls sideways at 390 px").toBeLessThanOrEqual(0);
  const stop = table.getByRole("button", { name: `Stop ${first.service}` });
  await table.getByRole("button", { name: `Rolling update of ${first.service}` }).focus();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(stop).toBeFocused();
  await expect(stop).toBeInViewport();
  await page.screenshot({ path: `${SHOTS}/stack-swarm-fit-390.png`, fullPage: true });
});
