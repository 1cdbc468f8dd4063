import { expect, test } from "@playwright/test";
import { request as httpRequest } from "node:http";
import { anonymous, BASE_URL, signedIn, withToken } from "../fixtures/api";
import { startServer, waitReady } from "../fixtures/server";

type Raw = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** A GET with a Host header of our choosing (fetch and Playwright set Host from the URL). */
function rawGet(base: string, path: string, headers: Record<string, string>): Promise<Raw> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, headers, agent: false },
      (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

const nonceOf = (csp: string | null) => /script-src 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(csp ?? "")?.[1];

test.describe("browser policy headers", () => {
  test("a page carries a Content-Security-Policy with a fresh nonce each request, and its scripts carry that nonce", async () => {
    const admin = await signedIn();
    const nonces = new Set<string>();
    for (const path of ["/", "/", "/login", "/dlq"]) {
      const res = await admin.get(path);
      expect(res.status(), path).toBe(200);
      const csp = res.headers()["content-security-policy"] ?? null;
      const nonce = nonceOf(csp);
      expect(nonce, `${path}: ${csp}`).toBeTruthy();
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      const html = await res.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const s of scripts) expect(s, path).toContain(`nonce="${nonce}"`);
      nonces.add(nonce!);
    }
    expect(nonces.size).toBe(4);
  });

  test("pages and API answers deny browser features; API answers forbid loading anything; no HSTS over plain http", async () => {
    const anon = await anonymous();
    for (const path of ["/login", "/api/healthz", "/api/v1/system"]) {
      const h = (await anon.get(path)).headers();
      expect(h["permissions-policy"], path).toMatch(/camera=\(\).*microphone=\(\).*geolocation=\(\)/);
      expect(h["x-content-type-options"], path).toBe("nosniff");
      expect(h["strict-transport-security"], path).toBeUndefined();
    }
    expect((await anon.get("/api/healthz")).headers()["content-security-policy"]).toBe(
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
  });

  test("HSTS is sent when the request came over HTTPS (through a proxy)", async () => {
    const anon = await anonymous();
    for (const path of ["/login", "/api/healthz"]) {
      const h = (await anon.get(path, { headers: { "x-forwarded-proto": "https" } })).headers();
      expect(h["strict-transport-security"], path).toMatch(/^max-age=31536000/);
    }
  });
});

test.describe("Host allow-list and public endpoints", () => {
  test("a request naming another Host (DNS rebinding) is refused with 421 problem+json, pages and assets too", async () => {
    const port = new URL(BASE_URL).port;
    for (const path of ["/api/healthz", "/api/v1/auth/login", "/login", "/", "/_next/static/x.js", "/api/v1/lineage"]) {
      const res = await rawGet(BASE_URL, path, { host: `evil.example:${port}` });
      expect(res.status, path).toBe(421);
      expect(res.headers["content-type"], path).toContain("application/problem+json");
      expect(JSON.parse(res.body)).toMatchObject({
        type: "/problems/misdirected-request",
        status: 421,
        instance: path,
      });
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`])
      expect((await rawGet(BASE_URL, "/api/healthz", { host })).status, host).toBe(200);
    expect((await rawGet(BASE_URL, "/api/healthz", { host: "localhost" })).status).toBe(421);
  });

  test("readiness tells anonymous callers only ready or not; a viewer token gets the checks", async () => {
    const anon = await anonymous();
    const res = await anon.get("/api/readyz");
    expect(await res.json()).toEqual({ status: "ready" });
    const viewer = await withToken(await signedIn(), "viewer", `readyz-${Date.now()}`);
    expect(await (await viewer.ctx.get("/api/readyz")).json()).toMatchObject({
      status: "ready",
      checks: { database: { ok: true, error: null } },
    });
    const badToken = await anon.get("/api/readyz", { headers: { authorization: "Bearer nxp_not-a-token" } });
    expect(await badToken.json()).toEqual({ status: "ready" });
  });

  test("metrics need a token by default", async () => {
    const anon = await anonymous();
    expect((await anon.get("/api/metrics")).status()).toBe(401);
    const viewer = await withToken(await signedIn(), "viewer", `metrics-${Date.now()}`);
    const ok = await viewer.ctx.get("/api/metrics");
    expect(ok.status()).toBe(200);
    expect(await ok.text()).toContain("nexus_process_cpu_seconds_total");
  });

  test("NEXUS_ALLOWED_HOSTS replaces the default names, NEXUS_METRICS_PUBLIC=true opens metrics, NEXUS_SECURE_COOKIES brings HSTS", async () => {
    test.skip(Boolean(process.env.E2E_PG_URL), "runs once, on the embedded database");
    const port = 4041;
    const server = startServer({
      port,
      env: {
        NEXUS_ALLOWED_HOSTS: `nexus.example, 127.0.0.1:${port}`,
        NEXUS_METRICS_PUBLIC: "true",
        NEXUS_SECURE_COOKIES: "true",
      },
    });
    try {
      await waitReady(server.url);
      expect((await rawGet(server.url, "/api/healthz", { host: "nexus.example" })).status).toBe(200);
      expect((await rawGet(server.url, "/api/healthz", { host: "nexus.example:8443" })).status).toBe(200);
      expect((await rawGet(server.url, "/api/healthz", { host: `localhost:${port}` })).status).toBe(421);
      const metrics = await fetch(`${server.url}/api/metrics`);
      expect(metrics.status).toBe(200);
      expect((await fetch(`${server.url}/api/healthz`)).headers.get("strict-transport-security")).toMatch(/^max-age=/);
      expect((await fetch(`${server.url}/login`)).headers.get("strict-transport-security")).toMatch(/^max-age=/);
    } finally {
      server.proc.kill("SIGTERM");
      await server.exited;
    }
  });
});
