import { expect, test, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { signedIn } from "./fixtures/api";
import { signIn } from "./fixtures/ui";

const SHOTS = ".test-env/screenshots";
mkdirSync(SHOTS, { recursive: true });

/** Every page under app/, read from the file tree: route groups dropped, dynamic segments kept as `[name]`. */
function pages(dir = join(process.cwd(), "app")): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...pages(p));
    else if (name === "page.tsx")
      out.push(
        `/${relative(join(process.cwd(), "app"), dir)
          .split(sep)
          .filter((s) => s && !s.startsWith("("))
          .join("/")}`,
      );
  }
  return out;
}

/** One lineage run (a job reading one dataset, writing another), so the job and dataset pages have something to show. */
async function lineageIds(): Promise<Record<string, string>> {
  const admin = await signedIn();
  const ns = `csp-${randomUUID().slice(0, 6)}`;
  const event = {
    eventType: "COMPLETE",
    eventTime: new Date().toISOString(),
    producer: "https://example.com/csp-e2e",
    schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
    run: { runId: randomUUID() },
    job: { namespace: ns, name: "copy" },
    inputs: [{ namespace: ns, name: `${ns}-raw` }],
    outputs: [{ namespace: ns, name: `${ns}-clean` }],
  };
  expect((await admin.post("/api/v1/lineage", { data: event })).status()).toBeLessThan(300);
  const graph = (await (
    await admin.get(`/api/v1/lineage/graph?node=dataset:${ns}-raw&direction=downstream&depth=2`)
  ).json()) as { nodes: { kind: string; id: string; namespace: string }[] };
  const job = graph.nodes.find((n) => n.kind === "job" && n.namespace === ns);
  const dataset = graph.nodes.find((n) => n.kind === "dataset" && n.namespace === ns);
  return {
    "/lineage/jobs/[id]": `/lineage/jobs/${job?.id ?? "none"}`,
    "/lineage/datasets/[id]": `/lineage/datasets/${dataset?.id ?? "none"}`,
    "/lineage/runs/[id]": `/lineage/runs/${event.run.runId}`,
    "/dlq/topics/[topic]": "/dlq/topics/dlq_failed_messages",
  };
}

/** Collects CSP violations: the DOM event (recorded before any page script runs) and Chromium's console report. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(
        `securitypolicyviolation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sample})`,
      );
    });
  });
  page.on("console", (m) => {
    if (/Content Security Policy|securitypolicyviolation/i.test(m.text())) seen.push(`${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => seen.push(`${page.url()}: page error ${e.message}`));
  return seen;
}

test("every page renders under the Content-Security-Policy without a violation, styled, in both themes", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const concrete = await lineageIds();
  const paths = pages().map((p) => concrete[p] ?? p);
  expect(paths.some((p) => p.includes("["))).toBe(false);
  const violations = await watchViolations(page);

  await page.goto("/login");
  await expect(page.locator("main")).toBeVisible();
  await signIn(page);
  await expect(page).toHaveURL(/\/$/);
  for (const theme of ["Light theme", "Dark theme"]) {
    await page.getByRole("radio", { name: theme }).click();
    for (const path of paths.filter((p) => p !== "/login")) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBeLessThan(400);
      expect(res?.headers()["content-security-policy"], path).toContain("'strict-dynamic'");
      await page.waitForLoadState("networkidle");
      // Tailwind's stylesheet applies (the body's background is not the browser default) and React hydrated.
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), path).not.toBe(
        "rgba(0, 0, 0, 0)",
      );
      // /no-access stands outside the console (it is for a signed-in user without a role): no header to check.
      if (path !== "/no-access") await expect(page.getByTestId("current-user"), path).toContainText("admin");
    }
  }
  // Sonner's stylesheet, inserted by script without a nonce, is admitted by its hash.
  const sonnerStyled = await page.evaluate(() =>
    [...document.styleSheets].some((s) => [...s.cssRules].some((r) => r.cssText.includes("data-sonner-toaster"))),
  );
  expect(sonnerStyled).toBe(true);
  await page.getByRole("radio", { name: "Light theme" }).click();
  await page.screenshot({ path: `${SHOTS}/csp-last-page.png` });
  expect(violations).toEqual([]);
});
