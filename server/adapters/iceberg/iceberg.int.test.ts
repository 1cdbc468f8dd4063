import { beforeAll, describe, expect, it } from "vitest";
import { seedMedallion } from "../../../e2e/fixtures/iceberg.ts";
import { createIcebergClient } from "./index.ts";

// Against the test environment's Iceberg REST catalog (scripts/test-env/iceberg.sh), seeded by pyiceberg.
const url = process.env.ICEBERG_REST_URL;
const venv = process.env.ICEBERG_VENV;

describe("Iceberg REST catalog adapter against RESTCatalogServer", () => {
  beforeAll(() => {
    if (!url || !venv)
      throw new Error("ICEBERG_REST_URL and ICEBERG_VENV are unset: start scripts/test-env/iceberg.sh");
    seedMedallion();
  });

  it("lists namespaces and tables and loads a table's metadata with exact snapshot ids", async () => {
    const c = createIcebergClient({ url: url!, timeoutMs: 5000 });
    expect(await c.listNamespaces()).toEqual(expect.arrayContaining([["bronze"], ["silver"], ["gold"]]));
    expect(await c.listTables(["silver"])).toEqual([{ namespace: ["silver"], name: "app_events_cleaned" }]);
    const m = await c.loadTable(["silver"], "app_events_cleaned");
    expect(m.snapshots).toHaveLength(4);
    expect(m.snapshots.map((s) => s["snapshot-id"])).toContain(m["current-snapshot-id"]);
    expect(m["partition-specs"]?.[0]?.fields.map((f) => f.transform)).toEqual(["day", "identity"]);
    expect(await c.tableExists(["silver"], "app_events_cleaned")).toBe(true);
    expect(await c.tableExists(["silver"], "nope")).toBe(false);
  });

  it("answers 404 for a namespace the catalog does not have", async () => {
    const c = createIcebergClient({ url: url!, timeoutMs: 5000 });
    await expect(c.listTables(["no_such_namespace"])).rejects.toMatchObject({ status: 404 });
  });
});
