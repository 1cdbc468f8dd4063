import { expect, test } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { signedIn } from "./fixtures/api";
import { sidewaysOverflow } from "./fixtures/layout";
import { signIn } from "./fixtures/ui";

// The Health page's Control plane card: the same `cluster` facts as GET /api/v1/system (PGlite in the suite's run,
// PostgreSQL when E2E_PG_URL is set), its loading, error and no-leader states; light, dark, phone.
const SHOTS = ".test-env/screenshots";
mkdirSync(SHOTS, { recursive: true });
const SYSTEM = "**/api/v1/system";

type Cluster = {
  instance: string;
  leader: boolean;
  leaderInstance: string | null;
  leaderSince: string | null;
  leaseMs: number;
};
type System = { database: "pglite" | "postgresql"; cluster: Cluster };

test("the Health page shows which instance answered and which one leads, as GET /api/v1/system says", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const api = await signedIn();
  const info = (await (await api.get("/api/v1/system")).json()) as System;
  const c = info.cluster;
  await page.goto("/login?next=/health");
  await signIn(page);
  const card = page.locator("section", { has: page.getByRole("heading", { name: "Control plane", exact: true }) });
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId("cp-instance")).toContainText(c.instance);
  await expect(card.getByTestId("cp-leader")).toContainText(c.leaderInstance!);
  await expect(card.getByTestId("cp-role")).toHaveText(c.leader ? "This instance leads" : "This instance follows");
  await expect(card.getByTestId("cp-since").locator("time")).toHaveAttribute("datetime", c.leaderSince!);
  await expect(card.getByTestId("cp-lease")).toContainText(`${c.leaseMs / 1000} s`);
  if (info.database === "pglite") {
    await expect(card.getByTestId("cp-mode")).toContainText("Single instance (embedded database)");
    expect(c).toMatchObject({ leader: true, leaderInstance: c.instance });
  } else await expect(card.getByTestId("cp-mode")).toContainText("Several instances on PostgreSQL");

  await page.getByRole("radio", { name: "Light theme" }).click();
  await page.screenshot({ path: `${SHOTS}/control-plane-light.png` });
  await page.getByRole("radio", { name: "Dark theme" }).click();
  await page.screenshot({ path: `${SHOTS}/control-plane-dark.png` });
  await page.getByRole("radio", { name: "Light theme" }).click();
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(card.getByTestId("cp-instance")).toBeVisible();
  expect(await sidewaysOverflow(page), "the page scrolls sideways at 390 px").toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SHOTS}/control-plane-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });

  // Loading: a slow answer shows a spinner inside the card.
  await page.route(SYSTEM, async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.reload();
  await expect(card.getByRole("status")).toContainText("Reading the control plane's state");
  await expect(card.getByTestId("cp-instance")).toContainText(c.instance);
  await page.unroute(SYSTEM);

  // No leader (between a leader's loss and the takeover): said, not left blank.
  await page.route(SYSTEM, async (route) => {
    const body = (await (await route.fetch()).json()) as System;
    body.cluster = { ...body.cluster, leader: false, leaderInstance: null, leaderSince: null };
    await route.fulfill({ json: body });
  });
  await page.reload();
  await expect(card.getByTestId("cp-leader")).toContainText("None right now");
  await expect(card.getByTestId("cp-since")).toContainText("unknown");
  await expect(card.getByTestId("cp-role")).toHaveText("This instance follows");
  await page.screenshot({ path: `${SHOTS}/control-plane-no-leader.png` });
  await page.unroute(SYSTEM);

  // Error: the card says so; the rest of the Health page stays.
  await page.route(SYSTEM, (route) =>
    route.fulfill({
      status: 503,
      contentType: "application/problem+json",
      json: {
        type: "/problems/dependency-unavailable",
        title: "Dependency unavailable",
        status: 503,
        detail: "database down",
      },
    }),
  );
  await page.reload();
  await expect(card.getByRole("alert")).toContainText("Could not read the control plane's state", { timeout: 20_000 });
  await expect(page.getByRole("heading", { name: "Health", level: 1 })).toBeVisible();
  await page.unroute(SYSTEM);
});
