import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIcebergClient } from "./client.ts";

// A stand-in catalog answering what the Iceberg REST spec allows (and what it does not), to check the parsing.
type Reply = { status: number; body: string };
const replies = new Map<string, Reply>();
const seen: string[] = [];
let server: Server;
let url = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ""}`);
    const r = replies.get(req.url ?? "") ?? {
      status: 404,
      body: '{"error":{"message":"no such thing","type":"NoSuchTableException","code":404}}',
    };
    res.writeHead(r.status, { "content-type": "application/json" }).end(req.method === "HEAD" ? undefined : r.body);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

const json = (body: unknown, status = 200): Reply => ({ status, body: JSON.stringify(body) });
const METADATA = `{"metadata-location":"s3://w/m.json","metadata":{"format-version":2,"table-uuid":"u-1","schemas":[{"schema-id":0,"fields":[
 {"id":1,"name":"id","required":true,"type":"long"},
 {"id":2,"name":"tags","required":false,"type":{"type":"list","element-id":3,"element":"string","element-required":false}}]}],
 "current-schema-id":0,"current-snapshot-id":5207027113192542157,
 "snapshots":[{"snapshot-id":5207027113192542157,"timestamp-ms":1,"summary":{"operation":"append","added-records":"3"}}]}}`;

describe("createIcebergClient", () => {
  it("asks /v1/config once and uses the prefix it names, the token as bearer", async () => {
    replies.set("/v1/config?warehouse=wh", json({ defaults: {}, overrides: { prefix: "p1" } }));
    replies.set("/v1/p1/namespaces", json({ namespaces: [["silver"]], "next-page-token": "t2" }));
    replies.set("/v1/p1/namespaces?pageToken=t2", json({ namespaces: [["gold"]] }));
    const c = createIcebergClient({ url, warehouse: "wh", token: "secret", timeoutMs: 2000 });
    expect(await c.listNamespaces()).toEqual([["silver"], ["gold"]]);
    await c.listNamespaces();
    expect(seen.filter((s) => s.startsWith("GET /v1/config")).length).toBe(1);
    expect(seen.at(-1)).toContain("Bearer secret");
  });

  it("writes nested namespaces with the unit separator and reads table metadata with exact snapshot ids", async () => {
    replies.set("/v1/namespaces/a%1Fb/tables/t?snapshots=all", { status: 200, body: METADATA });
    const c = createIcebergClient({ url, prefix: "", timeoutMs: 2000 });
    const m = await c.loadTable(["a", "b"], "t");
    expect(m["current-snapshot-id"]).toBe("5207027113192542157");
    expect(m.snapshots[0]?.summary["added-records"]).toBe("3");
    expect(m.schemas?.[0]?.fields[1]?.type).toMatchObject({ type: "list", element: "string" });
  });

  it("maps 404 to not found, 400 to a validation error and 500 to the catalog being unavailable", async () => {
    const c = createIcebergClient({ url, prefix: "", timeoutMs: 2000 });
    await expect(c.loadTable(["silver"], "missing")).rejects.toMatchObject({ status: 404 });
    replies.set(
      "/v1/namespaces/bad/tables",
      json({ error: { message: "bad name", type: "BadRequest", code: 400 } }, 400),
    );
    await expect(c.listTables(["bad"])).rejects.toMatchObject({ status: 400 });
    replies.set("/v1/namespaces/boom/tables", json({ error: { message: "db down", code: 500 } }, 500));
    await expect(c.listTables(["boom"])).rejects.toMatchObject({
      status: 503,
      message: expect.stringContaining("HTTP 500"),
    });
    expect(await c.tableExists(["silver"], "missing")).toBe(false);
  });

  it("calls an answer that is no JSON, or JSON off the spec, unavailable", async () => {
    const c = createIcebergClient({ url, prefix: "", timeoutMs: 2000 });
    replies.set("/v1/namespaces/html/tables", { status: 200, body: "<html>proxy</html>" });
    await expect(c.listTables(["html"])).rejects.toMatchObject({
      status: 503,
      message: expect.stringContaining("no JSON"),
    });
    replies.set("/v1/namespaces/odd/tables", json({ identifiers: [{ name: 5 }] }));
    await expect(c.listTables(["odd"])).rejects.toMatchObject({
      status: 503,
      message: expect.stringContaining("off the Iceberg REST spec"),
    });
  });

  it("calls a catalog that is not listening unavailable, without its password", async () => {
    const c = createIcebergClient({ url: "http://user:pw@127.0.0.1:1", timeoutMs: 1000 });
    const e = (await c.listNamespaces().catch((x: unknown) => x)) as Error;
    expect(e).toMatchObject({ status: 503 });
    expect(e.message).not.toContain("pw");
  });
});
