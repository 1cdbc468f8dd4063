import { expect, request, test } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { anonymous, BASE_URL, signedIn, withToken } from "../fixtures/api";

// GET /api/v1/jobs is answered by the production server itself (server/fast-routes.mjs), not by Next.js' routing:
// the answers must be those of a route Next.js serves, here GET /api/v1/system (the same route() wrapper).
const SAME = [
  "content-type",
  "cache-control",
  "content-security-policy",
  "permissions-policy",
  "x-content-type-options",
  "x-frame-options",
  "referrer-policy",
];

test.describe("the job list on the production server's fast path", () => {
  test("carries the headers of a Next.js-served API answer, gzipped for a client that accepts it", async () => {
    const viewer = await withToken(await signedIn(), "viewer", `fast-${randomUUID().slice(0, 8)}`);
    const fast = await viewer.ctx.get("/api/v1/jobs?limit=20", { headers: { "accept-encoding": "gzip" } });
    const next = await viewer.ctx.get("/api/v1/system", { headers: { "accept-encoding": "gzip" } });
    expect(fast.status()).toBe(200);
    for (const name of SAME) expect(fast.headers()[name], name).toBe(next.headers()[name]);
    expect(fast.headers()["x-request-id"]).toMatch(/^r-/);
    const jobs = ((await fast.json()) as { jobs: unknown[] }).jobs;
    // From 1 KiB on, as Next.js' compression decides (the jobs the server queues at start make about 2 KiB).
    const big = JSON.stringify({ jobs }).length >= 1024;
    expect(fast.headers()["content-encoding"]).toBe(big ? "gzip" : undefined);
    expect(fast.headers().vary).toContain("Accept-Encoding");
    const plain = await viewer.ctx.get("/api/v1/jobs?limit=20", { headers: { "accept-encoding": "identity" } });
    expect(plain.headers()["content-encoding"]).toBeUndefined();
    expect(((await plain.json()) as { jobs: unknown[] }).jobs.length).toBe(jobs.length);
    // HEAD stays with Next.js, which answers it from the same GET handler.
    expect((await viewer.ctx.head("/api/v1/jobs")).status()).toBe(200);
  });

  test("authenticates, checks role and scope, parses the query and is measured, like any route", async () => {
    const admin = await signedIn();
    expect((await admin.get("/api/v1/jobs")).status()).toBe(200); // a session cookie works too
    const anon = await anonymous();
    const refused = await anon.get("/api/v1/jobs");
    expect(refused.status()).toBe(401);
    expect(refused.headers()["content-type"]).toContain("application/problem+json");
    const res = await admin.post("/api/v1/tokens", {
      data: { name: `fast-scoped-${randomUUID().slice(0, 8)}`, role: "viewer", expiresInDays: 1, scopes: ["dlq:read"] },
    });
    const scoped = await request.newContext({
      baseURL: BASE_URL,
      extraHTTPHeaders: { authorization: `Bearer ${((await res.json()) as { token: string }).token}` },
    });
    const denied = await scoped.get("/api/v1/jobs");
    expect(denied.status()).toBe(403);
    expect((await denied.json()).detail).toMatch(/jobs:read/);
    const viewer = await withToken(admin, "viewer", `fast-q-${randomUUID().slice(0, 8)}`);
    for (const q of ["limit=abc", "state=%00", "limit=100000"])
      expect((await viewer.ctx.get(`/api/v1/jobs?${q}`)).status(), q).toBe(400);
    expect((await viewer.ctx.put("/api/v1/jobs")).status()).toBe(405);
    const metrics = await (await viewer.ctx.get("/api/metrics")).text();
    expect(metrics).toMatch(
      /nexus_http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/jobs"[^}]*status="403"/,
    );
  });
});
