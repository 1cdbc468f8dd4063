import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "../openapi.ts";
import { namespaceSplits } from "./resolve.ts";

describe("dataset references", () => {
  it("reads namespace/name at every slash, so namespaces and names may hold slashes", () => {
    expect(namespaceSplits("postgres://host:5432/db.schema.table")).toContainEqual({
      namespace: "postgres://host:5432",
      name: "db.schema.table",
    });
    expect(namespaceSplits("nexus/silver/app_events")).toEqual([
      { namespace: "nexus", name: "silver/app_events" },
      { namespace: "nexus/silver", name: "app_events" },
    ]);
    expect(namespaceSplits("orders")).toEqual([]);
    expect(namespaceSplits("/orders/")).toEqual([]);
  });

  it("the OpenAPI document names the accepted forms of the gate's dataset and the graph's node", () => {
    const doc = buildOpenApiDocument("test") as unknown as {
      paths: Record<
        string,
        { get: { parameters: { name: string; description?: string }[]; responses: Record<string, unknown> } }
      >;
    };
    for (const [path, name] of [
      ["/api/v1/quality/gate", "dataset"],
      ["/api/v1/lineage/graph", "node"],
    ] as const) {
      const d = doc.paths[path]!.get.parameters.find((p) => p.name === name)?.description ?? "";
      expect(d, path).toMatch(/`namespace\/name`/);
      expect(d, path).toMatch(/postgres:\/\/host:5432\/db\.schema\.table/);
      expect(d, path).toMatch(/`id`/);
      expect(d, path).toMatch(/409 with the `candidates`/);
      expect(doc.paths[path]!.get.responses, path).toHaveProperty("409");
    }
  });
});
