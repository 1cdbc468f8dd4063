import { expect, request, test } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { BASE_URL, signedIn, withToken } from "../fixtures/api";
import { runWriting, seedHistory, seedMedallion } from "../fixtures/iceberg";

type Detail = {
  namespace: string[];
  schema: { id: number; path: string; type: string; depth: number; required: boolean }[];
  partitionSpec: { fields: { name: string; transform: string; sourceColumn: string }[] };
  properties: { key: string; value: string }[];
  snapshotCount: number;
  history: { operation: string; added: number; deleted: number }[];
  dataset: { name: string } | null;
};
type Page = { total: number; snapshots: { id: string; operation: string; addedRecords: number | null }[] };

test.describe("catalog API against the Iceberg REST catalog", () => {
  test.beforeAll(() => {
    expect(seedMedallion()).toEqual({
      "bronze.app_events": 1,
      "silver.app_events_cleaned": 4,
      "gold.daily_revenue": 1,
    });
  });

  test("lists the namespaces pyiceberg made and their tables, for a viewer", async () => {
    const viewer = (await withToken(await signedIn(), "viewer", `cat-${randomUUID().slice(0, 6)}`)).ctx;
    const ns = await viewer.get("/api/v1/catalog/namespaces");
    expect(ns.status()).toBe(200);
    const body = (await ns.json()) as { catalog: { origin: string }; namespaces: { name: string }[] };
    expect(body.catalog.origin).toBe("config");
    expect(body.namespaces.map((n) => n.name)).toEqual(expect.arrayContaining(["bronze", "silver", "gold"]));
    const tables = await (await viewer.get("/api/v1/catalog/namespaces/silver/tables")).json();
    expect(tables).toEqual({ namespace: ["silver"], tables: [{ name: "app_events_cleaned" }] });
  });

  test("a table's schema with field ids and nested types, partition spec, properties and snapshot summaries", async () => {
    const admin = await signedIn();
    const d = (await (await admin.get("/api/v1/catalog/namespaces/silver/tables/app_events_cleaned")).json()) as Detail;
    expect(d.schema.find((f) => f.path === "event_id")).toMatchObject({ type: "string", required: true, depth: 0 });
    expect(d.schema.find((f) => f.path === "device.os")).toMatchObject({ type: "string", depth: 1 });
    expect(d.schema.find((f) => f.path === "tags")?.type).toBe("list<string>");
    expect(d.schema.find((f) => f.path === "attributes")?.type).toBe("map<string, string>");
    expect(new Set(d.schema.map((f) => f.id)).size).toBe(d.schema.length);
    expect(d.partitionSpec.fields).toEqual([
      expect.objectContaining({ name: "event_day", transform: "day", sourceColumn: "event_time" }),
      expect.objectContaining({ name: "region", transform: "identity", sourceColumn: "region" }),
    ]);
    expect(d.properties).toContainEqual({ key: "owner", value: "etl" });
    expect(d.snapshotCount).toBe(4);
    expect(d.history.slice(0, 2).map((h) => [h.operation, h.added])).toEqual([
      ["append", 40],
      ["append", 25],
    ]);
    expect(d.history.some((h) => h.deleted > 0)).toBe(true);
    const page = (await (
      await admin.get("/api/v1/catalog/namespaces/silver/tables/app_events_cleaned/snapshots?limit=2")
    ).json()) as Page;
    expect(page.total).toBe(4);
    expect(page.snapshots).toHaveLength(2);
    expect(page.snapshots[0]!.id).toMatch(/^-?\d{10,}$/);
  });

  test("pages through a table with many snapshots, newest first, without repeating one", async () => {
    seedHistory("bench", "events_paged", 30);
    const admin = await signedIn();
    const base = "/api/v1/catalog/namespaces/bench/tables/events_paged/snapshots";
    const seen: string[] = [];
    for (let offset = 0; offset < 30; offset += 10) {
      const p = (await (await admin.get(`${base}?offset=${offset}&limit=10`)).json()) as Page;
      expect(p.total).toBe(30);
      seen.push(...p.snapshots.map((s) => s.id));
    }
    expect(new Set(seen).size).toBe(30);
  });

  test("links a table and the lineage dataset of the same name both ways", async () => {
    const admin = await signedIn();
    const ingest = await admin.post("/api/v1/lineage", {
      data: runWriting(randomUUID(), { namespace: "iceberg", name: "gold.daily_revenue" }),
    });
    expect(ingest.status()).toBe(201);
    const d = (await (await admin.get("/api/v1/catalog/namespaces/gold/tables/daily_revenue")).json()) as Detail;
    expect(d.dataset).toMatchObject({ name: "gold.daily_revenue" });
    const link = await admin.get("/api/v1/catalog/dataset-link?namespace=iceberg&name=gold.daily_revenue");
    expect(await link.json()).toEqual({ table: { namespace: ["gold"], name: "daily_revenue" } });
    const none = await admin.get("/api/v1/catalog/dataset-link?namespace=s3a%3A%2F%2Fbronze&name=nothing_here");
    expect(await none.json()).toEqual({ table: null });
  });

  test("a token scoped to catalog:read reads the catalog, one scoped to lineage:read gets 403 naming the scope", async () => {
    const admin = await signedIn();
    const scoped = async (scopes: string[]) => {
      const res = await admin.post("/api/v1/tokens", {
        data: { name: `cat-scope-${randomUUID().slice(0, 6)}`, role: "viewer", expiresInDays: 1, scopes },
      });
      expect(res.status()).toBe(201);
      const { token } = (await res.json()) as { token: string };
      return request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    };
    expect((await (await scoped(["catalog:read"])).get("/api/v1/catalog/namespaces")).status()).toBe(200);
    const refused = await (await scoped(["lineage:read"])).get("/api/v1/catalog/namespaces");
    expect(refused.status()).toBe(403);
    expect(JSON.stringify(await refused.json())).toContain("catalog:read");
  });

  test("hostile names get 400 or 404 problems, never a 500", async () => {
    const admin = await signedIn();
    const cases: [string, number[]][] = [
      ["/api/v1/catalog/namespaces/silver/tables/%00", [400]],
      ["/api/v1/catalog/namespaces/%00/tables", [400]],
      [`/api/v1/catalog/namespaces/silver/tables/${"x".repeat(5000)}`, [400, 414]],
      ["/api/v1/catalog/namespaces/silver/tables/..", [400, 404]],
      ["/api/v1/catalog/namespaces/silver/tables/a.b.c", [404]],
      ["/api/v1/catalog/namespaces/silver/tables/a%2Fb", [404]],
      ["/api/v1/catalog/namespaces/si%2F..%2Flver/tables", [404]],
      ["/api/v1/catalog/namespaces/nope/tables/app_events_cleaned", [404]],
      ["/api/v1/catalog/namespaces/silver.gold/tables", [404]],
      ["/api/v1/catalog/namespaces/silver%1F%1F/tables", [400]],
      ["/api/v1/catalog/namespaces/silver/tables/app_events_cleaned/snapshots?limit=0", [400]],
      ["/api/v1/catalog/namespaces/silver/tables/app_events_cleaned/snapshots?offset=-1", [400]],
      ["/api/v1/catalog/dataset-link?namespace=x&name=%00", [400]],
    ];
    for (const [url, statuses] of cases) {
      const res = await admin.get(url);
      expect(statuses, `${url} answered ${res.status()}`).toContain(res.status());
      if (res.status() !== 414) expect(res.headers()["content-type"], url).toContain("application/problem+json");
    }
  });
});
