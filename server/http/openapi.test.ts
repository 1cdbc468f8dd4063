import { describe, expect, it } from "vitest";
import { allOperations, buildOpenApiDocument } from "./openapi.ts";

describe("OpenAPI document", () => {
  const doc = buildOpenApiDocument("test") as unknown as { openapi: string; paths: Record<string, Record<string, { security: unknown[]; responses: Record<string, unknown> }>> };

  it("is OpenAPI 3.1 with every operation but the catch-all", () => {
    expect(doc.openapi).toBe("3.1.0");
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
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
});
