import { expect, test, type APIRequestContext } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { BASE_URL, signedIn } from "../fixtures/api";
import { request } from "@playwright/test";

type Created = { id: string; token: string; scopes: string[]; role: string };

/** A request context behind a new token of `role` limited to `scopes` (none: the field is left out, as older clients do). */
async function scopedToken(admin: APIRequestContext, role: string, scopes?: string[]) {
  const name = `scoped-${randomUUID().slice(0, 8)}`;
  const res = await admin.post("/api/v1/tokens", { data: { name, role, expiresInDays: 1, ...(scopes && { scopes }) } });
  expect(res.status(), await res.text()).toBe(201);
  const created = (await res.json()) as Created;
  const ctx = await request.newContext({
    baseURL: BASE_URL,
    extraHTTPHeaders: { authorization: `Bearer ${created.token}` },
  });
  return { ctx, created, name };
}

function lineageEvent() {
  return {
    eventType: "COMPLETE",
    eventTime: new Date().toISOString(),
    producer: "https://example.test/ci",
    schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
    run: { runId: randomUUID() },
    job: { namespace: "scopes-e2e", name: "load" },
  };
}

test.describe("scoped API tokens", () => {
  test("a token used outside its scopes gets 403 problem+json naming the missing scope", async () => {
    const admin = await signedIn();
    const gate = await scopedToken(admin, "operator", ["quality:read"]);
    expect((await gate.ctx.get("/api/v1/quality/overview")).status()).toBe(200);

    const res = await gate.ctx.post("/api/v1/lineage", { data: lineageEvent() });
    expect(res.status()).toBe(403);
    expect(res.headers()["content-type"]).toContain("application/problem+json");
    const problem = await res.json();
    expect(problem).toMatchObject({
      type: "/problems/missing-scope",
      status: 403,
      requiredScope: "lineage:write",
      tokenScopes: ["quality:read"],
    });
    expect(problem.detail).toContain("lineage:write");
  });

  test("a pipeline token with lineage:write reports lineage but cannot read dead letters", async () => {
    const admin = await signedIn();
    const pipeline = await scopedToken(admin, "operator", ["lineage:write"]);
    const ingest = await pipeline.ctx.post("/api/v1/lineage", { data: lineageEvent() });
    expect(ingest.status(), await ingest.text()).toBeLessThan(300);
    const dlq = await pipeline.ctx.get("/api/v1/dlq/topics");
    expect(dlq.status()).toBe(403);
    expect(await dlq.json()).toMatchObject({ type: "/problems/missing-scope", requiredScope: "dlq:read" });
  });

  test("scopes never widen the role: a viewer token with dlq:replay still cannot replay", async () => {
    const admin = await signedIn();
    const viewer = await scopedToken(admin, "viewer", ["dlq:replay", "dlq:read"]);
    const res = await viewer.ctx.post("/api/v1/dlq/replays", { data: {} });
    expect(res.status()).toBe(403);
    const problem = await res.json();
    expect(problem.type).toBe("/problems/forbidden");
    expect(problem.detail).toContain("operator role");
  });

  test("a token without scopes keeps its role's full reach, as before", async () => {
    const admin = await signedIn();
    const old = await scopedToken(admin, "operator");
    expect(old.created.scopes).toEqual([]);
    expect((await old.ctx.get("/api/v1/quality/overview")).status()).toBe(200);
    expect((await old.ctx.post("/api/v1/lineage", { data: lineageEvent() })).status()).toBeLessThan(300);
    expect((await old.ctx.get("/api/v1/lineage/runs")).status()).toBe(200);
    const list = (await (await admin.get("/api/v1/tokens")).json()) as { tokens: { name: string; scopes: string[] }[] };
    expect(list.tokens.find((t) => t.name === old.name)?.scopes).toEqual([]);
  });

  test("what needs no scope (who am I, the API document) answers every scoped token", async () => {
    const admin = await signedIn();
    const gate = await scopedToken(admin, "viewer", ["quality:read"]);
    expect((await gate.ctx.get("/api/v1/auth/session")).status()).toBe(200);
    expect((await gate.ctx.get("/api/openapi.json")).status()).toBe(200);
  });

  test("metrics take a scoped token only with health:read", async () => {
    const admin = await signedIn();
    const gate = await scopedToken(admin, "viewer", ["quality:read"]);
    const refused = await gate.ctx.get("/api/metrics");
    expect(refused.status()).toBe(403);
    expect(await refused.json()).toMatchObject({ type: "/problems/missing-scope", requiredScope: "health:read" });
    const prometheus = await scopedToken(admin, "viewer", ["health:read"]);
    expect((await prometheus.ctx.get("/api/metrics")).status()).toBe(200);
  });

  test("an event stream refuses a token without its scope and serves one with it", async () => {
    const admin = await signedIn();
    const gate = await scopedToken(admin, "viewer", ["quality:read"]);
    const watcher = await scopedToken(admin, "viewer", ["health:read"]);
    const open = async (token: string) => {
      const abort = new AbortController();
      const res = await fetch(`${BASE_URL}/api/v1/health/stream`, {
        headers: { authorization: `Bearer ${token}` },
        signal: abort.signal,
      });
      const result = {
        status: res.status,
        type: res.headers.get("content-type"),
        body: res.status === 403 ? await res.json() : null,
      };
      abort.abort();
      return result;
    };
    const refused = await open(gate.created.token);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ type: "/problems/missing-scope", requiredScope: "health:read" });
    const served = await open(watcher.created.token);
    expect(served.status).toBe(200);
    expect(served.type).toContain("text/event-stream");
  });

  test("a scoped token with tokens:write hands on only scopes it holds, never an unscoped token", async () => {
    const admin = await signedIn();
    const maker = await scopedToken(admin, "admin", ["tokens:write", "lineage:write"]);
    const wider = await maker.ctx.post("/api/v1/tokens", {
      data: { name: "wider", role: "operator", scopes: ["dlq:replay"] },
    });
    expect(wider.status()).toBe(403);
    expect((await wider.json()).detail).toContain("dlq:replay");
    const unscoped = await maker.ctx.post("/api/v1/tokens", { data: { name: "unscoped", role: "operator" } });
    expect(unscoped.status()).toBe(403);
    const narrower = await maker.ctx.post("/api/v1/tokens", {
      data: { name: "narrower", role: "operator", scopes: ["lineage:write"] },
    });
    expect(narrower.status()).toBe(201);
  });

  test("an unknown or repeated scope is a 400 naming the field", async () => {
    const admin = await signedIn();
    for (const scopes of [["dlq:delete"], ["dlq:read", "dlq:read"]]) {
      const res = await admin.post("/api/v1/tokens", { data: { name: "bad", role: "viewer", scopes } });
      expect(res.status()).toBe(400);
      expect((await res.json()).errors[0].path).toMatch(/^body\.scopes/);
    }
  });

  test("creating a scoped token is audited with its scopes", async () => {
    const admin = await signedIn();
    const t = await scopedToken(admin, "operator", ["lineage:write", "quality:write"]);
    const page = (await (await admin.get("/api/v1/audit?action=token.create&limit=20")).json()) as {
      events: { target: string | null; detail: Record<string, unknown> | null }[];
    };
    const event = page.events.find((e) => e.target === `token:${t.created.id}`);
    expect(event?.detail).toMatchObject({ name: t.name, scopes: ["lineage:write", "quality:write"] });
  });

  test("the OpenAPI document names each operation's scope in its security requirement", async () => {
    const admin = await signedIn();
    const doc = await (await admin.get("/api/openapi.json")).json();
    expect(doc.paths["/api/v1/dlq/replays"].post.security).toEqual([{ bearer: ["dlq:replay"] }, { session: [] }]);
    expect(doc.paths["/api/v1/quality/gate"].get.security).toEqual([{ bearer: ["quality:read"] }, { session: [] }]);
    expect(doc.paths["/api/v1/lineage"].post["x-required-scope"]).toBe("lineage:write");
    expect(doc.paths["/api/v1/auth/session"].get.security).toEqual([{ bearer: [] }, { session: [] }]);
    expect(doc.components.securitySchemes.bearer.description).toContain("`dlq:replay`");
  });
});
