import { describe, expect, it } from "vitest";
import type { TableMetadata } from "../adapters/iceberg/index.ts";
import { flattenSchema, snapshotView, tableDetail, typeName } from "./table-view.ts";

const snap = (id: string, seq: number, summary: Record<string, string>) => ({
  "snapshot-id": id,
  "sequence-number": seq,
  "timestamp-ms": 1_700_000_000_000 + seq,
  summary: { operation: "append", ...summary },
});

const META: TableMetadata = {
  "format-version": 2,
  "table-uuid": "u-1",
  location: "s3://w/silver/t",
  "last-updated-ms": 1_700_000_000_000,
  "current-schema-id": 1,
  schemas: [
    { "schema-id": 0, fields: [{ id: 1, name: "old", required: false, type: "int" }] },
    {
      "schema-id": 1,
      "identifier-field-ids": [1],
      fields: [
        { id: 1, name: "id", required: true, type: "long" },
        {
          id: 2,
          name: "device",
          required: false,
          type: { type: "struct", fields: [{ id: 5, name: "os", required: false, type: "string" }] },
        },
        {
          id: 3,
          name: "attrs",
          required: false,
          type: {
            type: "map",
            "key-id": 6,
            key: "string",
            "value-id": 7,
            value: "decimal(10,2)",
            "value-required": false,
          },
        },
        { id: 4, name: "at", required: true, type: "timestamptz" },
      ],
    },
  ],
  "default-spec-id": 0,
  "partition-specs": [
    { "spec-id": 0, fields: [{ name: "at_day", transform: "day", "source-id": 4, "field-id": 1000 }] },
  ],
  properties: { "write.format.default": "parquet", owner: "etl" },
  "current-snapshot-id": "20",
  snapshots: [
    snap("20", 2, { operation: "delete", "deleted-records": "4", "total-records": "6" }),
    snap("10", 1, { "added-records": "10", "added-data-files": "2", "total-records": "10" }),
  ],
};

describe("table view", () => {
  it("flattens nested types depth-first with their field ids", () => {
    const rows = flattenSchema(META.schemas![1]!.fields);
    expect(rows.map((r) => [r.id, r.path, r.depth, r.type])).toEqual([
      [1, "id", 0, "long"],
      [2, "device", 0, "struct"],
      [5, "device.os", 1, "string"],
      [3, "attrs", 0, "map<string, decimal(10,2)>"],
      [6, "attrs.key", 1, "string"],
      [7, "attrs.value", 1, "decimal(10,2)"],
      [4, "at", 0, "timestamptz"],
    ]);
    expect(
      typeName({
        type: "list",
        "element-id": 9,
        element: { type: "list", "element-id": 10, element: "int", "element-required": true },
        "element-required": false,
      }),
    ).toBe("list<list<int>>");
  });

  it("reads a snapshot summary as figures, null where the writer left one out", () => {
    const v = snapshotView(snap("10", 1, { "added-records": "10", "added-data-files": "2", "total-records": "x" }));
    expect(v).toMatchObject({
      id: "10",
      operation: "append",
      addedRecords: 10,
      addedFiles: 2,
      deletedRecords: null,
      totalRecords: null,
    });
  });

  it("shows the current schema, the default spec with its source column, sorted properties and history in commit order", () => {
    const d = tableDetail(["silver"], "t", META);
    expect(d.schemaId).toBe(1);
    expect(d.identifierFieldIds).toEqual([1]);
    expect(d.partitionSpec.fields).toEqual([
      { name: "at_day", transform: "day", sourceId: 4, sourceColumn: "at", fieldId: 1000 },
    ]);
    expect(d.properties.map((p) => p.key)).toEqual(["owner", "write.format.default"]);
    expect(d.history.map((h) => [h.id, h.added, h.deleted])).toEqual([
      ["10", 10, 0],
      ["20", 0, 4],
    ]);
    expect(d.snapshotCount).toBe(2);
  });

  it("reads a format version 1 table that has only `schema`", () => {
    const v1 = {
      ...META,
      "format-version": 1,
      schemas: undefined,
      "current-schema-id": undefined,
      schema: { "schema-id": 0, fields: [{ id: 1, name: "a", required: true, type: "string" }] },
    };
    expect(tableDetail(["x"], "y", v1).schema.map((f) => f.path)).toEqual(["a"]);
  });
});
