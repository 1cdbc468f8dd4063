import { expect, test } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { BASE_URL } from "./fixtures/api";
import { signIn } from "./fixtures/ui";

const SHOTS = ".test-env/screenshots";
mkdirSync(SHOTS, { recursive: true });

// Issue #14: each of these sent a signed-in browser to http://evil.example/.
const HOSTILE = ["/\\evil.example", "/%5Cevil.example", "/%09/evil.example", "/\\/evil.example"];

test("sign-in with a hostile next parameter stays on our origin", async ({ page, context }) => {
  const leaks: string[] = [];
  await context.route(
    (url) => url.hostname === "evil.example",
    (route) => {
      leaks.push(route.request().url());
      return route.fulfill({ status: 200, contentType: "text/html", body: "<h1>evil</h1>" });
    },
  );
  for (const next of HOSTILE) {
    await context.clearCookies();
    await page.goto(`/login?next=${next}`);
    await signIn(page);
    await expect(page, next).toHaveURL(`${BASE_URL}/`); // the hostile value falls back to the overview
    await expect(page.getByTestId("current-user")).toContainText("admin");
    await page.waitForLoadState("networkidle"); // the router has finished before the next goto
  }
  expect(leaks).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/sign-in-hostile-next.png` });
});

test("sign-in keeps a same-origin next path and query; on http://127.0.0.1 the cookies are unprefixed, httpOnly for the session", async ({
  page,
  context,
}) => {
  await page.goto("/login?next=%2Fsettings%2Ftokens%3Fx%3D1");
  await signIn(page);
  await expect(page).toHaveURL(`${BASE_URL}/settings/tokens?x=1`);
  const cookies = Object.fromEntries((await context.cookies()).map((c) => [c.name, c]));
  expect(Object.keys(cookies).sort()).toEqual(["nexus_csrf", "nexus_session"]);
  expect(cookies.nexus_session).toMatchObject({ httpOnly: true, secure: false, sameSite: "Lax", path: "/" });
});
