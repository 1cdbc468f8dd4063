import { expect, test } from "@playwright/test";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startServer, waitReady, type ServerProcess } from "./fixtures/server";
import { signIn } from "./fixtures/ui";

/**
 * A second app whose NEXUS_ICEBERG_URL is a stand-in catalog this test controls: down, answering errors, answering
 * something that is not the Iceberg REST API. The API answers 503 problems naming the catalog; the page says so.
 */
const PORT = Number(process.env.E2E_CATALOG_OUTAGE_PORT ?? 4074);
const PASSWORD = "catalog-outage-password";
type Mode = "error" | "html" | "ok";

test.describe("a catalog that is down or answers errors", () => {
  test.describe.configure({ mode: "serial" });
  let app: ServerProcess;
  let fake: Server;
  let fakeUrl = "";
  let mode: Mode = "error";
  let token = "";

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    fake = createServer((req, res) => {
      if (mode === "html") return void res.writeHead(200, { "content-type": "text/html" }).end("<html>login</html>");
      if (mode === "ok" && req.url?.startsWith("/v1/config"))
        return void res.writeHead(200, { "content-type": "application/json" }).end('{"defaults":{},"overrides":{}}');
      if (mode === "ok")
        return void res.writeHead(200, { "content-type": "application/json" }).end('{"namespaces":[]}');
      res
        .writeHead(500, { "content-type": "application/json" })
        .end('{"error":{"message":"catalog database down","type":"RuntimeException","code":500}}');
    });
    await new Promise<void>((ok) => fake.listen(0, "127.0.0.1", ok));
    fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
    app = startServer({
      port: PORT,
      env: {
        NEXUS_ADMIN_PASSWORD: PASSWORD,
        NEXUS_ICEBERG_URL: fakeUrl,
        NEXUS_ICEBERG_TIMEOUT_MS: "1500",
        NEXUS_PROBE_INTERVAL_MS: "0",
      },
    });
    await waitReady(app.url, 120_000);
    const login = await fetch(`${app.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: PASSWORD }),
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const made = await fetch(`${app.url}/api/v1/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken },
      body: JSON.stringify({ name: "catalog-outage", role: "viewer", expiresInDays: 1 }),
    });
    token = ((await made.json()) as { token: string }).token;
  });

  test.afterAll(async () => {
    app?.proc.kill("SIGTERM");
    await app?.exited;
    await new Promise<void>((ok) => (fake ? fake.close(() => ok()) : ok()));
  });

  const get = (path: string) => fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  test("a catalog answering errors or no JSON is a 503 problem naming it, on every catalog route", async () => {
    for (const m of ["error", "html"] as const) {
      mode = m;
      for (const path of [
        "/api/v1/catalog/namespaces",
        "/api/v1/catalog/namespaces/silver/tables",
        "/api/v1/catalog/namespaces/silver/tables/t",
        "/api/v1/catalog/namespaces/silver/tables/t/snapshots",
        "/api/v1/catalog/dataset-link?namespace=iceberg&name=silver.t",
      ]) {
        const res = await get(path);
        expect(res.status, `${m} ${path}`).toBe(503);
        expect(res.headers.get("content-type")).toContain("application/problem+json");
        const p = (await res.json()) as { dependency: string; detail: string };
        expect(p.dependency).toBe("iceberg-rest");
        expect(p.detail).toMatch(m === "error" ? /HTTP 500.*catalog database down/ : /no JSON/);
      }
    }
  });

  test("a catalog that is not listening is a 503 within the timeout, and the page says the catalog is unavailable", async ({
    page,
  }) => {
    mode = "ok";
    expect((await get("/api/v1/catalog/namespaces")).status).toBe(200);
    await new Promise<void>((ok) => fake.close(() => ok()));
    fake.closeAllConnections();
    const t0 = Date.now();
    const res = await get("/api/v1/catalog/namespaces");
    expect(res.status).toBe(503);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/not reachable|no answer/);

    await page.goto(`${app.url}/catalog`);
    await signIn(page, PASSWORD);
    await page.waitForURL(/\/catalog/);
    const alert = page.getByRole("alert").filter({ hasText: "Catalog unavailable" });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText("iceberg-rest is unavailable");
    await page.screenshot({ path: ".test-env/screenshots/catalog-unavailable.png", fullPage: true });
  });
});
