import { expect, test } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { BASE_URL } from "./fixtures/api";
import { sidewaysOverflow } from "./fixtures/layout";
import { signIn } from "./fixtures/ui";

const SHOTS = ".test-env/screenshots";
mkdirSync(SHOTS, { recursive: true });

test("an admin creates a token limited to scopes in Settings, sees them in the list, and the token is held to them", async ({
  page,
}) => {
  const name = `ci-gate-${randomUUID().slice(0, 6)}`;
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/login?next=${encodeURIComponent("/settings/tokens")}`);
  if (page.url().includes("/login")) await signIn(page);
  const form = page.getByRole("form", { name: "New token" });
  await expect(form).toBeVisible();

  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Role").selectOption("operator");
  const scopes = form.getByRole("group", { name: "Scopes" });
  await scopes.getByRole("checkbox", { name: "quality:read" }).check();
  await scopes.getByRole("checkbox", { name: "lineage:write" }).check();
  await page.screenshot({ path: `${SHOTS}/token-scopes-form-1440.png`, fullPage: true });
  await form.getByRole("button", { name: "Create token" }).click();

  const dialog = page.getByRole("dialog", { name: `Token "${name}" created` });
  await expect(dialog).toContainText("limited to lineage:write, quality:read");
  const token = (await dialog.getByTestId("new-token-value").textContent())?.trim() ?? "";
  expect(token).toMatch(/^nxp_/);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(scopes.getByRole("checkbox", { name: "quality:read" })).not.toBeChecked();

  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("lineage:write");
  await expect(row).toContainText("quality:read");
  await page.screenshot({ path: `${SHOTS}/token-scopes-list-1440.png`, fullPage: true });

  const auth = { authorization: `Bearer ${token}` };
  expect((await fetch(`${BASE_URL}/api/v1/quality/overview`, { headers: auth })).status).toBe(200);
  const refused = await fetch(`${BASE_URL}/api/v1/dlq/topics`, { headers: auth });
  expect(refused.status).toBe(403);
  expect((await refused.json()).requiredScope).toBe("dlq:read");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole("radio", { name: "Dark theme" }).click();
  await expect(row).toContainText("quality:read");
  expect(await sidewaysOverflow(page)).toBe(0);
  await page.screenshot({ path: `${SHOTS}/token-scopes-390-dark.png`, fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: `${SHOTS}/token-scopes-1440-dark.png`, fullPage: true });

  await page.getByRole("link", { name: "API docs" }).click();
  const replay = page.getByRole("listitem").filter({ hasText: "Replay messages (or dry-run the replay)" });
  await expect(replay.getByText("dlq:replay", { exact: true })).toBeVisible();
  await replay.screenshot({ path: `${SHOTS}/token-scopes-api-docs-1440-dark.png` });
});
