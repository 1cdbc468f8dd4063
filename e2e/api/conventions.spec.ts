import { connect } from "node:net";
import { expect, test } from "@playwright/test";
import { anonymous, BASE_URL, signedIn, withToken } from "../fixtures/api";

/** One request written by hand (fetch refuses TRACE and CONNECT, and upper-cases methods): status and headers. */
function rawRequest(
  method: string,
  path: string,
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const { hostname, port } = new URL(BASE_URL);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () =>
      socket.write(`${method} ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`),
    );
    let text = "";
    socket
      .setEncoding("latin1")
      .on("data", (d: string) => (text += d))
      .on("error", reject)
      .setTimeout(10_000, () => socket.destroy(new Error("timeout")));
    socket.on("close", () => {
      const [head = "", body = ""] = text.split("\r\n\r\n", 2);
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]),
      );
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body });
    });
  });
}

test.describe("API conventions", () => {
  test("health and readiness answer without authentication, readiness details and metrics only with a token", async () => {
    const anon = await anonymous();
    expect((await anon.get("/api/healthz")).status()).toBe(200);
    const ready = await anon.get("/api/readyz");
    expect(ready.status()).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
    const viewer = await withToken(await signedIn(), "viewer", `conventions-metrics-${Date.now()}`);
    expect(await (await viewer.ctx.get("/api/readyz")).json()).toMatchObject({
      status: "ready",
      checks: { database: { ok: true }, migrations: { ok: true, pending: [] } },
    });
    const refused = await anon.get("/api/metrics");
    expect(refused.status()).toBe(401);
    expect(refused.headers()["content-type"]).toContain("application/problem+json");
    await anon.get("/api/v1/system"); // a 401 to show up in the histogram
    const metrics = await (await viewer.ctx.get("/api/metrics")).text();
    expect(metrics).toContain("nexus_process_cpu_seconds_total");
    expect(metrics).toMatch(
      /nexus_http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/system"[^}]*status="401"/,
    );
  });

  test("echoes a given request id and makes one otherwise", async () => {
    const anon = await anonymous();
    const given = await anon.get("/api/healthz", { headers: { "x-request-id": "ci-run-42" } });
    expect(given.headers()["x-request-id"]).toBe("ci-run-42");
    const made = await anon.get("/api/healthz", { headers: { "x-request-id": "bad id with spaces" } });
    expect(made.headers()["x-request-id"]).toMatch(/^r-[0-9a-f]{8}-[0-9a-f]{4}$/);
  });

  test("a wrong username and a wrong password get the same 401", async () => {
    const anon = await anonymous();
    const a = await anon.post("/api/v1/auth/login", { data: { username: "nobody-here", password: "whatever-1" } });
    const b = await anon.post("/api/v1/auth/login", { data: { username: "admin", password: "whatever-1" } });
    expect(a.status()).toBe(401);
    expect(b.status()).toBe(401);
    expect((await a.json()).detail).toBe((await b.json()).detail);
  });

  test("rate limits repeated failed sign-ins with 429 and Retry-After", async () => {
    const anon = await anonymous();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await anon.post("/api/v1/auth/login", {
        data: { username: "limited-user", password: "wrong-password" },
      });
      statuses.push(r.status());
      if (r.status() === 429) {
        expect(Number(r.headers()["retry-after"])).toBeGreaterThan(0);
        expect((await r.json()).type).toBe("/problems/rate-limited");
      }
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
  });

  test("malformed JSON is 400, an oversized body 413, bad fields 400 with paths, and nothing is written", async () => {
    const admin = await signedIn();
    const before = ((await (await admin.get("/api/v1/users")).json()) as { users: unknown[] }).users.length;
    const malformed = await admin.post("/api/v1/users", {
      headers: { "content-type": "application/json" },
      data: Buffer.from('{"username": "x",'),
    });
    expect(malformed.status()).toBe(400);
    expect(malformed.headers()["content-type"]).toContain("application/problem+json");
    expect((await malformed.json()).type).toBe("/problems/malformed-body");

    const big = await admin.post("/api/v1/users", {
      headers: { "content-type": "application/json" },
      data: Buffer.from(JSON.stringify({ username: "big", password: "x".repeat(2_000_000) })),
    });
    expect(big.status()).toBe(413);
    expect((await big.json()).type).toBe("/problems/payload-too-large");

    const invalid = await admin.post("/api/v1/users", {
      data: { username: "a b", password: "short", role: "root", extra: 1 },
    });
    expect(invalid.status()).toBe(400);
    const problem = (await invalid.json()) as { type: string; errors: { path: string }[] };
    expect(problem.type).toBe("/problems/validation-failed");
    expect(problem.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(["body.username", "body.password", "body.role"]),
    );

    const after = ((await (await admin.get("/api/v1/users")).json()) as { users: unknown[] }).users.length;
    expect(after).toBe(before);
  });

  test("revoked and unknown tokens get 401 (expiry: server/auth/auth.int.test.ts); mutations are audited with their request id", async () => {
    const admin = await signedIn();
    const t = await withToken(admin, "operator", "soon-revoked");
    expect((await t.ctx.get("/api/v1/jobs")).status()).toBe(200);
    const revoke = await admin.delete(`/api/v1/tokens/${t.id}`, { headers: { "x-request-id": "revoke-req-1" } });
    expect(revoke.status()).toBe(200);
    const after = await t.ctx.get("/api/v1/jobs");
    expect(after.status()).toBe(401);
    expect((await after.json()).detail).toMatch(/invalid, expired or revoked/);

    const audit = (await (await admin.get("/api/v1/audit?action=token.revoke")).json()) as {
      events: { requestId: string; target: string; outcome: string; actor: string }[];
    };
    expect(audit.events[0]).toMatchObject({
      requestId: "revoke-req-1",
      target: `token:${t.id}`,
      outcome: "success",
      actor: "admin",
    });

    const unknown = await (await anonymous()).get("/api/v1/jobs", {
      headers: { authorization: "Bearer nxp_aaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" },
    });
    expect(unknown.status()).toBe(401);
  });

  test("serves an OpenAPI 3.1 document built from the same schemas", async () => {
    const admin = await signedIn();
    const doc = await (await admin.get("/api/openapi.json")).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/api/v1/tokens"].post.requestBody.content["application/json"].schema).toBeTruthy();
    expect(doc.paths["/api/v1/users/{id}"].patch["x-required-role"]).toBe("admin");
  });

  test("unknown API paths are problem+json 404 for signed-in callers", async () => {
    const admin = await signedIn();
    const res = await admin.get("/api/v1/definitely-not-here");
    expect(res.status()).toBe(404);
    expect((await res.json()).type).toBe("/problems/not-found");
  });

  test("a method a route does not define is 405 with Allow on API paths and pages, never a 500", async () => {
    const cases: [string, string, string][] = [
      ["TRACE", "/api/v1/system", "GET, HEAD, OPTIONS"],
      ["TRACE", "/login", "GET, HEAD"],
      ["TRACE", "/", "GET, HEAD"],
      ["PUT", "/api/v1/system", "GET, HEAD, OPTIONS"],
      ["DELETE", "/api/v1/tokens", "GET, HEAD, POST, OPTIONS"],
      ["PROPFIND", "/api/v1/tokens", "GET, HEAD, POST, OPTIONS"],
      ["PROPFIND", "/login", "GET, HEAD"],
      ["CONNECT", "/api/v1/lineage", "POST, OPTIONS"],
      ["get", "/api/v1/system", "GET, HEAD, OPTIONS"],
      ["FOO", "/api/v1/users/x", "PATCH, DELETE, OPTIONS"],
      ["GET", "/metrics/job/j/instance/i", "POST, PUT, OPTIONS"],
      ["POST", "/api/healthz", "GET, HEAD, OPTIONS"],
    ];
    for (const [method, path, allow] of cases) {
      const res = await rawRequest(method, path);
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.allow, `${method} ${path}`).toBe(allow);
      if (path.startsWith("/api/")) {
        expect(res.headers["content-type"]).toBe("application/problem+json");
        expect(JSON.parse(res.body)).toMatchObject({
          type: "/problems/method-not-allowed",
          status: 405,
          instance: path,
        });
      }
    }
    // What a route defines is untouched: GET (401 anonymously), OPTIONS answered by Next.js, a page's GET.
    expect((await rawRequest("GET", "/api/v1/system")).status).toBe(401);
    expect((await rawRequest("OPTIONS", "/api/v1/system")).status).toBe(204);
    expect((await rawRequest("GET", "/login")).status).toBe(200);
    expect((await rawRequest("GET", "/api/healthz")).status).toBe(200);
  });
});
