import { expect, test, type APIRequestContext } from "@playwright/test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { request } from "@playwright/test";
import { anonymous, BASE_URL, signedIn, withToken } from "../fixtures/api";

// /api/metrics is public only with NEXUS_METRICS_PUBLIC=true (not set here).
// The OpenID Connect steps are browser redirects before there is a session.
const PUBLIC = new Set([
  "GET /api/healthz",
  "GET /api/readyz",
  "POST /api/v1/auth/login",
  "GET /api/v1/auth/oidc/login",
  "GET /api/v1/auth/oidc/callback",
]);
const API_DIR = join(process.cwd(), "app", "api");

type RouteFile = { file: string; urlPath: string; docPath: string; methods: string[] };

/** Every route handler under app/api, read from the file tree, with the HTTP methods it exports. */
function inventory(dir = API_DIR): RouteFile[] {
  const out: RouteFile[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...inventory(p));
    else if (name === "route.ts") {
      const segments = relative(API_DIR, dir).split(sep).filter(Boolean);
      const src = readFileSync(p, "utf8");
      const methods = new Set<string>();
      for (const m of src.matchAll(/export\s+const\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(m[1]!);
      for (const m of src.matchAll(/\bas\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(m[1]!);
      const urlPath = `/api/${segments.map((s) => (s.startsWith("[...") ? "no-such-thing/x" : s.startsWith("[") ? "00000000-0000-4000-8000-000000000000" : s)).join("/")}`;
      const docPath = `/api/${segments.map((s) => s.replace(/^\[(?:\.\.\.)?(.+)\]$/, "{$1}")).join("/")}`;
      out.push({ file: relative(process.cwd(), p), urlPath, docPath, methods: [...methods] });
    }
  }
  return out;
}

async function call(ctx: APIRequestContext, method: string, url: string) {
  return ctx.fetch(url, { method, data: method === "GET" ? undefined : {}, maxRedirects: 0 });
}

test.describe("route inventory", () => {
  const routes = inventory();

  test("finds the API's route files", () => {
    expect(routes.length).toBeGreaterThan(15);
    for (const r of routes) expect(r.methods.length, r.file).toBeGreaterThan(0);
  });

  test("every route but health, readiness and login answers 401 problem+json to anonymous calls", async () => {
    const anon = await anonymous();
    for (const r of routes) {
      for (const method of r.methods) {
        const res = await call(anon, method, r.urlPath);
        if (PUBLIC.has(`${method} ${r.docPath}`)) {
          expect(res.status(), `${method} ${r.urlPath}`).not.toBe(401);
          continue;
        }
        expect(res.status(), `${method} ${r.urlPath} (${r.file})`).toBe(401);
        expect(res.headers()["content-type"]).toContain("application/problem+json");
        expect(res.headers()["x-request-id"]).toBeTruthy();
      }
    }
  });

  test("every route requiring operator or admin answers 403 to a smaller role, as documented", async () => {
    const admin = await signedIn();
    const doc = (await (await admin.get("/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, { "x-required-role": string }>>;
    };
    const viewer = await withToken(admin, "viewer");
    const operator = await withToken(admin, "operator");
    let checked = 0;
    for (const r of routes) {
      for (const method of r.methods) {
        if (r.docPath === "/api/v1/{path}") continue; // the 404 catch-all: viewer and up
        const entry = doc.paths[r.docPath]?.[method.toLowerCase()];
        expect(entry, `${method} ${r.docPath} is in the OpenAPI document`).toBeTruthy();
        const role = entry!["x-required-role"];
        const smaller = role === "admin" ? [viewer, operator] : role === "operator" ? [viewer] : [];
        for (const who of smaller) {
          const res = await call(who.ctx, method, r.urlPath);
          expect(res.status(), `${method} ${r.urlPath} needs ${role}`).toBe(403);
          expect((await res.json()).type).toBe("/problems/forbidden");
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  test("a cookie session cannot mutate without the CSRF header or from another origin", async () => {
    const admin = await signedIn();
    const state = await admin.storageState();
    const noCsrf = await request.newContext({ baseURL: BASE_URL, storageState: state });
    const res = await noCsrf.post("/api/v1/tokens", { data: { name: "x", role: "viewer" } });
    expect(res.status()).toBe(403);
    expect((await res.json()).type).toBe("/problems/csrf-failed");
    const foreign = await admin.post("/api/v1/tokens", {
      data: { name: "x", role: "viewer" },
      headers: { origin: "https://evil.example" },
    });
    expect(foreign.status()).toBe(403);
    const list = (await (await admin.get("/api/v1/tokens")).json()) as { tokens: { name: string }[] };
    expect(list.tokens.some((t) => t.name === "x")).toBe(false);
  });
});
