import { mkdirSync } from "node:fs";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { startTestIssuer, type TestIssuer } from "./fixtures/oidc-issuer";
import { startServer, waitReady, type ServerProcess } from "./fixtures/server";

// OpenID Connect sign-in against a real provider (oidc-provider) that this spec starts on 127.0.0.1, with an app of
// its own configured for it: passwords off but for the break-glass admin.
const ISSUER_PORT = Number(process.env.E2E_OIDC_ISSUER_PORT ?? 4401);
const APP_PORT = Number(process.env.E2E_OIDC_APP_PORT ?? 4402);
const ADMIN_PASSWORD = "oidc-break-glass-pw";
const SHOTS = ".test-env/screenshots";

test.describe("single sign-on with OpenID Connect", () => {
  test.describe.configure({ mode: "serial" });
  let issuer: TestIssuer;
  let app: ServerProcess;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    const appUrl = `http://127.0.0.1:${APP_PORT}`;
    issuer = await startTestIssuer({
      port: ISSUER_PORT,
      appUrl,
      users: {
        alice: { groups: ["nexus-admins", "staff"] },
        bob: { groups: ["data-eng"] },
        carol: { groups: ["analysts"] },
        dave: { groups: ["marketing"] },
      },
    });
    app = startServer({
      port: APP_PORT,
      env: {
        NEXUS_ADMIN_PASSWORD: ADMIN_PASSWORD,
        NEXUS_PROBE_INTERVAL_MS: "0",
        NEXUS_OIDC_ISSUER: issuer.url,
        NEXUS_OIDC_CLIENT_ID: "nexus",
        NEXUS_OIDC_CLIENT_SECRET: "nexus-test-secret",
        NEXUS_OIDC_ROLE_MAP: "nexus-admins=admin,data-eng=operator,analysts=viewer",
        NEXUS_OIDC_NAME: "Test IdP",
        NEXUS_LOCAL_LOGIN: "false",
      },
    });
    await waitReady(app.url, 120_000);
    mkdirSync(SHOTS, { recursive: true });
  });

  test.afterAll(async () => {
    app?.proc.kill("SIGTERM");
    await app?.exited;
    await issuer?.stop();
  });

  /** From our sign-in page through the provider's login form (and its consent) back to Nexus. */
  async function signInAt(page: Page, login: string) {
    await page.goto(`${app.url}/login`);
    await page.getByRole("link", { name: "Sign in with Test IdP" }).click();
    await page.waitForURL(`${issuer.url}/**`);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill("any-password");
    await page.getByRole("button", { name: "Sign-in" }).click();
    const consent = page.getByRole("button", { name: "Continue" });
    await page.waitForURL((u) => u.origin === app.url || u.pathname.startsWith("/interaction/"));
    if (new URL(page.url()).origin !== app.url) await consent.click();
    // Past the callback (an API route that redirects): the page it sends the browser to.
    await page.waitForURL((u) => u.origin === app.url && !u.pathname.startsWith("/api/"));
  }

  const sessionRole = async (page: Page) => {
    const r = await page.request.get(`${app.url}/api/v1/auth/session`);
    return r.ok() ? ((await r.json()) as { user: { role: string } }).user.role : r.status();
  };

  /** The last refused single sign-on, read by the break-glass admin. */
  async function lastRefusal(request: APIRequestContext) {
    const login = await request.post(`${app.url}/api/v1/auth/login`, {
      data: { username: "admin", password: ADMIN_PASSWORD },
    });
    expect(login.status()).toBe(200);
    const r = await request.get(`${app.url}/api/v1/audit?action=auth.login`);
    const { events } = (await r.json()) as { events: { outcome: string; detail: Record<string, unknown> }[] };
    return events.find((e) => e.outcome === "denied");
  }

  async function auditEvents(page: Page, action: string) {
    const r = await page.request.get(`${app.url}/api/v1/audit?action=${encodeURIComponent(action)}`);
    expect(r.status()).toBe(200);
    return ((await r.json()) as { events: { actor: string; target: string; detail: Record<string, unknown> }[] })
      .events;
  }

  test("the sign-in page shows the provider's button, and passwords only for the break-glass admin", async ({
    page,
  }) => {
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const width of [1440, 390]) {
        await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
        await page.goto(`${app.url}/login?error=provider`);
        await expect(page.getByRole("link", { name: "Sign in with Test IdP" })).toBeVisible();
        await page.screenshot({ path: `${SHOTS}/oidc-login-${scheme}-${width}.png`, fullPage: true });
      }
    }
    await expect(page.getByLabel("Username")).toBeHidden();
    await page.getByText("Break-glass administrator").click();
    await page.screenshot({ path: `${SHOTS}/oidc-login-break-glass-dark-390.png`, fullPage: true });
    await page.getByLabel("Username").fill("admin");
    await page.getByLabel("Password").fill(ADMIN_PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(`${app.url}/`);
    expect(await sessionRole(page)).toBe("admin");
    const logins = await auditEvents(page, "auth.login");
    expect(logins[0]).toMatchObject({ actor: "admin", detail: { method: "password" } });
  });

  test("refuses passwords of anyone but the break-glass admin", async ({ request }) => {
    const r = await request.post(`${app.url}/api/v1/auth/login`, {
      data: { username: "carol", password: "whatever1" },
    });
    expect(r.status()).toBe(403);
    expect(((await r.json()) as { detail: string }).detail).toMatch(/password sign-in is disabled/);
  });

  test("signs in through the provider's form with the role of the user's groups", async ({ page }) => {
    await signInAt(page, "alice");
    await expect(page).toHaveURL(`${app.url}/`);
    expect(await sessionRole(page)).toBe("admin");
    const logins = await auditEvents(page, "auth.login");
    expect(logins[0]).toMatchObject({ actor: "alice", detail: { method: "oidc", issuer: issuer.url, role: "admin" } });
    const created = (await auditEvents(page, "user.role.oidc")).find((e) => e.target === "user:alice");
    expect(created).toMatchObject({ actor: issuer.url, detail: { from: null, to: "admin" } });
  });

  test("maps each group to its role", async ({ browser }) => {
    for (const [login, role] of [
      ["bob", "operator"],
      ["carol", "viewer"],
    ] as const) {
      const page = await (await browser.newContext()).newPage();
      await signInAt(page, login);
      expect(await sessionRole(page)).toBe(role);
      await page.context().close();
    }
  });

  test("changes the role when the provider's groups change, and audits the change", async ({ browser, page }) => {
    issuer.users.set("bob", { groups: ["analysts"] });
    const bob = await (await browser.newContext()).newPage();
    await signInAt(bob, "bob");
    expect(await sessionRole(bob)).toBe("viewer");
    await signInAt(page, "alice");
    const change = (await auditEvents(page, "user.role.oidc")).find((e) => e.target === "user:bob");
    expect(change).toMatchObject({
      actor: issuer.url,
      detail: { from: "operator", to: "viewer", values: ["analysts"] },
    });
    await bob.context().close();
    // The users list marks provider users; their role and password are the provider's, disabling stays here.
    await page.goto(`${app.url}/settings/users`);
    const row = page.getByRole("row").filter({ hasText: "bob" });
    await expect(row).toContainText(`single sign-on · ${new URL(issuer.url).host}`);
    await expect(row).toContainText("viewer (from the provider)");
    await expect(row.getByRole("button", { name: "Set password of bob" })).toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/oidc-users-list.png`, fullPage: true });
    const users = (await (await page.request.get(`${app.url}/api/v1/users`)).json()) as {
      users: { id: string; username: string; signInWith: string | null }[];
    };
    const bobUser = users.users.find((u) => u.username === "bob")!;
    expect(bobUser.signInWith).toBe(issuer.url);
    const csrf = (await page.context().cookies()).find((c) => c.name.endsWith("nexus_csrf"))!.value;
    for (const body of [{ role: "admin" }, { password: "a-local-password" }]) {
      const r = await page.request.patch(`${app.url}/api/v1/users/${bobUser.id}`, {
        data: body,
        headers: { origin: app.url, "x-csrf-token": csrf },
      });
      expect(r.status()).toBe(409);
      expect(((await r.json()) as { detail: string }).detail).toMatch(/signs in with .* change it there/);
    }
  });

  test("refuses a user none of whose groups maps to a role, on a page that says so", async ({ page, request }) => {
    await signInAt(page, "dave");
    await expect(page).toHaveURL(`${app.url}/no-access`);
    await expect(page.getByRole("heading", { name: "You have no access to Nexus" })).toBeVisible();
    expect(await sessionRole(page)).toBe(401);
    expect((await lastRefusal(request))?.detail).toMatchObject({ reason: "no-role" });
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const width of [1440, 390]) {
        await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
        await page.screenshot({ path: `${SHOTS}/oidc-no-access-${scheme}-${width}.png`, fullPage: true });
      }
    }
  });

  test("refuses a tampered state", async ({ page, request }) => {
    await page.goto(`${app.url}/login`);
    await page.getByRole("link", { name: "Sign in with Test IdP" }).click();
    await page.waitForURL(`${issuer.url}/**`);
    await page.goto(`${app.url}/api/v1/auth/oidc/callback?code=forged-code&state=tampered-state`);
    await expect(page).toHaveURL(`${app.url}/login?error=state`);
    await expect(page.getByRole("main").getByRole("alert")).toContainText("could not be matched to this browser");
    expect(await sessionRole(page)).toBe(401);
    expect((await lastRefusal(request))?.detail).toMatchObject({ method: "oidc", reason: "state" });
  });

  test("refuses an expired ID token", async ({ page, request }) => {
    issuer.expireNextIdToken();
    await signInAt(page, "carol");
    await expect(page).toHaveURL(`${app.url}/login?error=token`);
    await expect(page.getByRole("main").getByRole("alert")).toContainText("failed our checks");
    expect(await sessionRole(page)).toBe(401);
    const refusal = await lastRefusal(request);
    expect(refusal?.detail).toMatchObject({ method: "oidc", reason: "token" });
    expect(String(refusal?.detail.error)).toMatch(/"exp"/);
  });

  test("signs out of Nexus and of the provider", async ({ page }) => {
    await signInAt(page, "carol");
    await page.getByRole("button", { name: /sign out/i }).click();
    await page.waitForURL(`${issuer.url}/**`);
    await page.getByRole("button", { name: "Yes, sign me out" }).click();
    await page.waitForURL(`${app.url}/login`);
    expect(await sessionRole(page)).toBe(401);
    // The provider's session ended too: signing in again asks for the login form.
    await page.getByRole("link", { name: "Sign in with Test IdP" }).click();
    await expect(page.locator('input[name="login"]')).toBeVisible();
  });

  test("says on the sign-in page when the provider is down", async ({ page }) => {
    await issuer.stop();
    await page.goto(`${app.url}/login`);
    await page.getByRole("link", { name: "Sign in with Test IdP" }).click();
    await expect(page).toHaveURL(`${app.url}/login?error=provider`);
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Test IdP did not answer");
  });
});
