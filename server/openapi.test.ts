import { describe, expect, it } from "vitest";
import { allOperations, buildOpenApiDocument } from "./openapi.ts";

describe("OpenAPI document", () => {
  const doc = buildOpenApiDocument("test") as unknown as {
    openapi: string;
    paths: Record<string, Record<string, { security: unknown[]; responses: Record<string, unknown> }>>;
  };

  it("is OpenAPI 3.1 with every operation but the catch-all", () => {
    expect(doc.openapi).toBe("3.1.0");
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    const expected = allOperations.filter((o) => o.path !== "/api/v1/{path}").map((o) => `${o.method} ${o.path}`);
    expect(documented.sort()).toEqual(expected.sort());
  });

  it("documents 401 and 403 on every authenticated operation", () => {
    for (const op of allOperations.filter((o) => o.role !== "public" && o.path !== "/api/v1/{path}")) {
      const entry = doc.paths[op.path]?.[op.method.toLowerCase()];
      expect(entry?.responses, `${op.method} ${op.path}`).toHaveProperty("401");
      expect(entry?.responses).toHaveProperty("403");
    }
  });

  it("names each operation's scope in its bearer security requirement", () => {
    for (const op of allOperations.filter((o) => o.role !== "public" && o.path !== "/api/v1/{path}")) {
      const entry = doc.paths[op.path]?.[op.method.toLowerCase()];
      expect(entry?.security, `${op.method} ${op.path}`).toEqual([
        { bearer: op.scope ? [op.scope] : [] },
        { session: [] },
      ]);
    }
    expect(doc.paths["/api/v1/dlq/replays"]?.post?.security).toEqual([{ bearer: ["dlq:replay"] }, { session: [] }]);
  });

  const entryOf = (op: (typeof allOperations)[number]) =>
    doc.paths[op.path]?.[op.method.toLowerCase()] as {
      responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
    };
  const documentedOps = allOperations.filter((o) => o.path !== "/api/v1/{path}");

  it("documents what the route wrapper answers, derived from each declaration, as problem+json", () => {
    for (const op of documentedOps) {
      const r = entryOf(op).responses;
      const name = `${op.method} ${op.path}`;
      expect(r["503"]?.content, name).toHaveProperty(["application/problem+json"]);
      expect(r, name).toHaveProperty("431");
      if (op.body) expect(Object.keys(r), name).toEqual(expect.arrayContaining(["400", "413", "415"]));
      if (op.params) expect(r, name).toHaveProperty("404");
    }
    const up = entryOf(documentedOps.find((o) => o.path === "/api/v1/stacks/{name}/up")!).responses;
    expect(Object.keys(up)).toEqual(expect.arrayContaining(["200", "202", "409", "502", "503"]));
    expect(up["409"]?.content).toHaveProperty(["application/problem+json"]);
  });

  it("documents every content type an operation answers: the DLQ export in JSON lines and in CSV", () => {
    const exp =
      entryOf(documentedOps.find((o) => o.path === "/api/v1/dlq/topics/{topic}/export")!).responses["200"]?.content ??
      {};
    expect(Object.keys(exp).sort()).toEqual(["application/x-ndjson", "text/csv"]);
  });

  it("documents the 204 of a message part that is null", () => {
    const r = entryOf(documentedOps.find((o) => o.path.endsWith("/{offset}/download"))!).responses;
    expect(r).toHaveProperty("200");
    expect(r["204"]).toEqual({ description: expect.stringContaining("null key") });
  });

  it("documents the 401 of the metrics, public by declaration but refusing a missing or bad token by default", () => {
    expect(entryOf(documentedOps.find((o) => o.path === "/api/metrics")!).responses).toHaveProperty("401");
  });

  it("has no prefixItems, which schemathesis misreads (tuples are arrays with length bounds)", () => {
    expect(JSON.stringify(doc)).not.toContain("prefixItems");
  });

  it("describes each SSE event's payload with a schema, not a bare string", () => {
    const streams = documentedOps.filter((o) => o.responseType === "text/event-stream");
    expect(streams.length).toBeGreaterThanOrEqual(4);
    const components = (doc as unknown as { components: { schemas: Record<string, unknown> } }).components.schemas;
    for (const op of streams) {
      const schema = entryOf(op).responses["200"]?.content?.["text/event-stream"]?.schema as {
        anyOf?: { properties: { data: { contentSchema: { $ref: string } } } }[];
      };
      expect(schema?.anyOf, `${op.method} ${op.path}`).toBeDefined();
      for (const v of schema.anyOf!)
        expect(components[v.properties.data.contentSchema.$ref.split("/").pop()!]).toBeDefined();
    }
  });
});
