// The catalog API's requests and answers (zod only: the UI imports these too).
import { z } from "zod";

/** The Iceberg REST spec's separator of namespace levels (`a\u001fb` is the namespace a.b). */
export const NAMESPACE_SEPARATOR = "\u001f";

// Any character but control characters (the separator aside): a name that cannot be in the catalog is a 400 here,
// before any request leaves.
const Level = z
  .string()
  .min(1)
  .max(255)
  .refine((s) => ![...s].some((c) => c < " " || c === "\u007f"), "no control characters");

/** A namespace in a path: its levels joined with U+001F, as the Iceberg REST API writes it. */
export const NamespaceParams = z.object({
  namespace: z
    .string()
    .min(1)
    .max(1024)
    .transform((s) => s.split(NAMESPACE_SEPARATOR))
    .pipe(z.array(Level).max(16)),
});
export const TableParams = NamespaceParams.extend({ table: Level });

export const CatalogSource = z.object({
  url: z.string().nullable().meta({ description: "The catalog asked (password redacted), null when none is known" }),
  origin: z.enum(["config", "stack", "probe"]).nullable(),
  reason: z.string(),
});
export type CatalogSource = z.infer<typeof CatalogSource>;

export const NamespaceList = z.object({
  catalog: CatalogSource,
  namespaces: z.array(z.object({ levels: z.array(z.string()), name: z.string() })),
});
export type NamespaceList = z.infer<typeof NamespaceList>;

export const TableList = z.object({
  namespace: z.array(z.string()),
  tables: z.array(z.object({ name: z.string() })),
});
export type TableList = z.infer<typeof TableList>;

/** One row of a schema, nested types flattened depth-first: `device.os`, `tags.element`, `attributes.value`. */
export const SchemaField = z.object({
  id: z.number().int(),
  path: z.string(),
  name: z.string(),
  depth: z.number().int(),
  type: z.string().meta({ description: "A primitive (`long`, `decimal(10,2)`) or struct / list<…> / map<…, …>" }),
  required: z.boolean(),
  doc: z.string().nullable(),
});
export type SchemaField = z.infer<typeof SchemaField>;

export const PartitionField = z.object({
  name: z.string(),
  transform: z.string(),
  sourceId: z.number().int(),
  sourceColumn: z.string().nullable(),
  fieldId: z.number().int().nullable(),
});

/** A snapshot's summary as numbers (null where the writer left a figure out). */
export const SnapshotView = z.object({
  id: z.string().meta({ description: "int64 as a string" }),
  parentId: z.string().nullable(),
  sequenceNumber: z.number().int().nullable(),
  committedAt: z.iso.datetime(),
  operation: z.string(),
  addedRecords: z.number().nullable(),
  deletedRecords: z.number().nullable(),
  addedFiles: z.number().nullable(),
  deletedFiles: z.number().nullable(),
  totalRecords: z.number().nullable(),
  totalFiles: z.number().nullable(),
  summary: z.record(z.string(), z.string()),
});
export type SnapshotView = z.infer<typeof SnapshotView>;

/** Records per snapshot for the history chart, oldest first (the newest HISTORY_POINTS). */
export const HistoryPoint = z.object({
  id: z.string(),
  at: z.number().meta({ description: "Commit time, epoch ms" }),
  operation: z.string(),
  added: z.number(),
  deleted: z.number(),
  total: z.number().nullable(),
});

export const DatasetRef = z.object({ id: z.string(), namespace: z.string(), name: z.string() });

export const TableDetail = z.object({
  namespace: z.array(z.string()),
  name: z.string(),
  uuid: z.string(),
  formatVersion: z.number().int(),
  location: z.string().nullable(),
  lastUpdatedAt: z.iso.datetime().nullable(),
  currentSnapshotId: z.string().nullable(),
  schemaId: z.number().int().nullable(),
  identifierFieldIds: z.array(z.number().int()),
  schema: z.array(SchemaField),
  partitionSpec: z.object({ specId: z.number().int().nullable(), fields: z.array(PartitionField) }),
  properties: z.array(z.object({ key: z.string(), value: z.string() })),
  snapshotCount: z.number().int(),
  history: z.array(HistoryPoint),
  dataset: DatasetRef.nullable().meta({ description: "The lineage dataset of the same name, when there is one" }),
});
export type TableDetail = z.infer<typeof TableDetail>;

export const SnapshotsQuery = z.object({
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type SnapshotsQuery = z.infer<typeof SnapshotsQuery>;

/** Snapshots newest first. */
export const SnapshotPage = z.object({
  total: z.number().int(),
  offset: z.number().int(),
  snapshots: z.array(SnapshotView),
});
export type SnapshotPage = z.infer<typeof SnapshotPage>;

export const DatasetLinkQuery = z.object({
  namespace: z.string().min(1).max(1024),
  name: z.string().min(1).max(2048),
});
export const DatasetLink = z.object({
  table: z.object({ namespace: z.array(z.string()), name: z.string() }).nullable(),
});
export type DatasetLink = z.infer<typeof DatasetLink>;

/** The console's address of a catalog table. */
export const catalogTableHref = (namespace: readonly string[], table: string) =>
  `/catalog?namespace=${encodeURIComponent(namespace.join(NAMESPACE_SEPARATOR))}&table=${encodeURIComponent(table)}`;
