import { describe, expect, it } from "vitest";
import { parseCatalogJson } from "./parse-json.ts";

describe("parseCatalogJson", () => {
  it("keeps int64 snapshot ids exact as strings", () => {
    const out = parseCatalogJson(
      '{"current-snapshot-id": 5207027113192542157, "snapshots": [{"snapshot-id":-1,"parent-snapshot-id" : 9223372036854775807}]}',
    ) as Record<string, unknown>;
    expect(out["current-snapshot-id"]).toBe("5207027113192542157");
    expect(out.snapshots).toEqual([{ "snapshot-id": "-1", "parent-snapshot-id": "9223372036854775807" }]);
  });

  it("leaves the same words inside string values alone", () => {
    const out = parseCatalogJson('{"properties": {"note": "\\"snapshot-id\\": 12"}, "snapshot-id": null}');
    expect(out).toEqual({ properties: { note: '"snapshot-id": 12' }, "snapshot-id": null });
  });
});
