import "server-only";
import { z } from "zod";

// The Iceberg REST catalog's answers (apache/iceberg open-api/rest-catalog-open-api.yaml) and table metadata
// (the table spec's "Table Metadata"), read leniently: unknown fields are ignored, what we show is checked.

/** A type: a primitive name (`long`, `decimal(10,2)`, `fixed[16]`) or a nested struct, list or map. */
export type IcebergType =
  | string
  | { type: "struct"; fields: IcebergField[] }
  | { type: "list"; "element-id": number; element: IcebergType; "element-required": boolean }
  | {
      type: "map";
      "key-id": number;
      key: IcebergType;
      "value-id": number;
      value: IcebergType;
      "value-required": boolean;
    };
export type IcebergField = { id: number; name: string; required: boolean; type: IcebergType; doc?: string | undefined };

export const IcebergType: z.ZodType<IcebergType> = z.lazy(() =>
  z.union([
    z.string().max(200),
    z.object({ type: z.literal("struct"), fields: z.array(IcebergField) }),
    z.object({
      type: z.literal("list"),
      "element-id": z.number().int(),
      element: IcebergType,
      "element-required": z.boolean(),
    }),
    z.object({
      type: z.literal("map"),
      "key-id": z.number().int(),
      key: IcebergType,
      "value-id": z.number().int(),
      value: IcebergType,
      "value-required": z.boolean(),
    }),
  ]),
);
export const IcebergField: z.ZodType<IcebergField> = z.lazy(() =>
  z.object({
    id: z.number().int(),
    name: z.string(),
    required: z.boolean(),
    type: IcebergType,
    doc: z.string().optional(),
  }),
);

export const ConfigResponse = z.object({
  defaults: z.record(z.string(), z.string()).default({}),
  overrides: z.record(z.string(), z.string()).default({}),
  endpoints: z.array(z.string()).optional(),
});

export const ListNamespacesResponse = z.object({
  namespaces: z.array(z.array(z.string())),
  "next-page-token": z.string().nullish(),
});

export const ListTablesResponse = z.object({
  identifiers: z.array(z.object({ namespace: z.array(z.string()), name: z.string() })).default([]),
  "next-page-token": z.string().nullish(),
});

/** Snapshot ids are int64: the client turns them into strings before parsing (parse-json.ts). */
const SnapshotId = z.string().regex(/^-?\d+$/);

export const Snapshot = z.object({
  "snapshot-id": SnapshotId,
  "parent-snapshot-id": SnapshotId.nullish(),
  "sequence-number": z.number().int().optional(),
  "timestamp-ms": z.number(),
  "manifest-list": z.string().optional(),
  summary: z.object({ operation: z.string() }).catchall(z.string()),
  "schema-id": z.number().int().optional(),
});
export type Snapshot = z.infer<typeof Snapshot>;

export const TableMetadata = z.object({
  "format-version": z.number().int(),
  "table-uuid": z.string(),
  location: z.string().optional(),
  "last-updated-ms": z.number().optional(),
  "current-schema-id": z.number().int().optional(),
  schemas: z
    .array(
      z.object({
        "schema-id": z.number().int().default(0),
        fields: z.array(IcebergField),
        "identifier-field-ids": z.array(z.number().int()).optional(),
      }),
    )
    .optional(),
  /** Format version 1 tables may carry only `schema` and `partition-spec`. */
  schema: z.object({ "schema-id": z.number().int().default(0), fields: z.array(IcebergField) }).optional(),
  "default-spec-id": z.number().int().optional(),
  "partition-specs": z
    .array(
      z.object({
        "spec-id": z.number().int(),
        fields: z.array(
          z.object({
            name: z.string(),
            transform: z.string(),
            "source-id": z.number().int(),
            "field-id": z.number().int().optional(),
          }),
        ),
      }),
    )
    .optional(),
  properties: z.record(z.string(), z.string()).default({}),
  "current-snapshot-id": SnapshotId.nullish(),
  snapshots: z.array(Snapshot).default([]),
});
export type TableMetadata = z.infer<typeof TableMetadata>;

export const LoadTableResult = z.object({
  "metadata-location": z.string().nullish(),
  metadata: TableMetadata,
});

/** The catalog's error model: `{ error: { message, type, code } }`. */
export const ErrorModel = z.object({
  error: z.object({ message: z.string(), type: z.string().optional(), code: z.number().optional() }),
});
