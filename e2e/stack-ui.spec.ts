import { expect, test } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { signIn } from "./fixtures/ui";

const SHOTS = ".test-env/screenshots";
mkdirSync(SHOTS, { recursive: true });

// Only the gate is exercised: submitting would delete a template's volumes on the shared Docker engine.
test("deleting a stack's data asks the admin to type the stack's name first", async ({ page }) => {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/login?next=/stack?t=nexus-lite");
    if (page.url().includes("/login")) await signIn(page);
    await expect(page.getByRole("table", { name: "Services of nexus-lite" })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/stack-${width}.png` });
    await page.getByRole("button", { name: "Delete data of nexus-lite" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete the data of nexus-lite?" });
    await expect(dialog).toBeVisible();
    const confirm = dialog.getByRole("button", { name: "Delete data" });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel("Stack name to confirm").fill("nexus-local");
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel("Stack name to confirm").fill("nexus-lite");
    await expect(confirm).toBeEnabled();
    await page.screenshot({ path: `${SHOTS}/stack-delete-data-${width}.png` });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
  }
});
