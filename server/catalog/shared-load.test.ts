import { describe, expect, it } from "vitest";
import type { IcebergClient, TableMetadata } from "../adapters/iceberg/index.ts";
import { loadTableShared } from "./shared-load.ts";

const META = { "format-version": 2, "table-uuid": "u", properties: {}, snapshots: [] } as unknown as TableMetadata;
function fakeClient(fail = false) {
  let calls = 0;
  const client = {
    url: "x",
    loadTable: async () => {
      calls++;
      if (fail) throw new Error("down");
      return META;
    },
  } as unknown as IcebergClient;
  return { client, calls: () => calls };
}

describe("loadTableShared", () => {
  it("shares one catalog call between requests that ask at once", async () => {
    const f = fakeClient();
    await Promise.all([loadTableShared(f.client, ["s"], "t"), loadTableShared(f.client, ["s"], "t")]);
    await loadTableShared(f.client, ["s"], "other");
    expect(f.calls()).toBe(2);
  });

  it("keeps no failed call", async () => {
    const f = fakeClient(true);
    await expect(loadTableShared(f.client, ["s"], "t")).rejects.toThrow("down");
    await expect(loadTableShared(f.client, ["s"], "t")).rejects.toThrow("down");
    expect(f.calls()).toBe(2);
  });
});
