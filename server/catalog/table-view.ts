import "server-only";
import type { IcebergField, IcebergSnapshot, IcebergType, TableMetadata } from "../adapters/iceberg/index.ts";
import type { SchemaField, SnapshotView, TableDetail } from "./contract.ts";

/** Points the history chart gets at most (the newest). */
export const HISTORY_POINTS = 2000;

/** A type as one line: primitives as the catalog names them, nested types spelled out like Iceberg's own toString. */
export function typeName(t: IcebergType): string {
  if (typeof t === "string") return t;
  if (t.type === "struct") return "struct";
  if (t.type === "list") return `list<${typeName(t.element)}>`;
  return `map<${typeName(t.key)}, ${typeName(t.value)}>`;
}

/** The schema as rows, depth-first: a struct's fields, a list's element and a map's key and value under their parent. */
export function flattenSchema(fields: readonly IcebergField[]): SchemaField[] {
  const out: SchemaField[] = [];
  const visit = (
    f: { id: number; name: string; required: boolean; type: IcebergType; doc?: string | undefined },
    parent: string,
    depth: number,
  ) => {
    const path = parent ? `${parent}.${f.name}` : f.name;
    out.push({ id: f.id, path, name: f.name, depth, type: typeName(f.type), required: f.required, doc: f.doc ?? null });
    const t = f.type;
    if (typeof t === "string") return;
    if (t.type === "struct") for (const c of t.fields) visit(c, path, depth + 1);
    else if (t.type === "list")
      visit(
        { id: t["element-id"], name: "element", required: t["element-required"], type: t.element },
        path,
        depth + 1,
      );
    else {
      visit({ id: t["key-id"], name: "key", required: true, type: t.key }, path, depth + 1);
      visit({ id: t["value-id"], name: "value", required: t["value-required"], type: t.value }, path, depth + 1);
    }
  };
  for (const f of fields) visit(f, "", 0);
  return out;
}

const num = (v: string | undefined) => {
  if (v === undefined) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

/** A snapshot's summary read as figures (the table spec's summary keys: added-records, deleted-data-files, …). */
export function snapshotView(s: IcebergSnapshot): SnapshotView {
  const m = s.summary;
  return {
    id: s["snapshot-id"],
    parentId: s["parent-snapshot-id"] ?? null,
    sequenceNumber: s["sequence-number"] ?? null,
    committedAt: new Date(s["timestamp-ms"]).toISOString(),
    operation: m.operation,
    addedRecords: num(m["added-records"]),
    deletedRecords: num(m["deleted-records"]),
    addedFiles: num(m["added-data-files"]),
    deletedFiles: num(m["deleted-data-files"]),
    totalRecords: num(m["total-records"]),
    totalFiles: num(m["total-data-files"]),
    summary: { ...m },
  };
}

/** Snapshots in commit order (sequence number, then time): the catalog keeps them in no promised order. */
export function ordered(snapshots: readonly IcebergSnapshot[]): IcebergSnapshot[] {
  return [...snapshots].sort(
    (a, b) => (a["sequence-number"] ?? 0) - (b["sequence-number"] ?? 0) || a["timestamp-ms"] - b["timestamp-ms"],
  );
}

function currentSchema(m: TableMetadata) {
  const all = m.schemas ?? (m.schema ? [m.schema] : []);
  return all.find((s) => s["schema-id"] === m["current-schema-id"]) ?? all.at(-1) ?? null;
}

/** Table metadata as the page shows it; `dataset` is filled in by the caller. */
export function tableDetail(namespace: string[], name: string, m: TableMetadata): Omit<TableDetail, "dataset"> {
  const schema = currentSchema(m);
  const fields = schema ? flattenSchema(schema.fields) : [];
  const byId = new Map(fields.map((f) => [f.id, f.path]));
  const spec = m["partition-specs"]?.find((s) => s["spec-id"] === m["default-spec-id"]) ?? m["partition-specs"]?.at(-1);
  const history = ordered(m.snapshots)
    .slice(-HISTORY_POINTS)
    .map((s) => ({
      id: s["snapshot-id"],
      at: s["timestamp-ms"],
      operation: s.summary.operation,
      added: num(s.summary["added-records"]) ?? 0,
      deleted: num(s.summary["deleted-records"]) ?? 0,
      total: num(s.summary["total-records"]),
    }));
  return {
    namespace,
    name,
    uuid: m["table-uuid"],
    formatVersion: m["format-version"],
    location: m.location ?? null,
    lastUpdatedAt: m["last-updated-ms"] !== undefined ? new Date(m["last-updated-ms"]).toISOString() : null,
    currentSnapshotId: m["current-snapshot-id"] ?? null,
    schemaId: schema?.["schema-id"] ?? null,
    identifierFieldIds: (schema as { "identifier-field-ids"?: number[] } | null)?.["identifier-field-ids"] ?? [],
    schema: fields,
    partitionSpec: {
      specId: spec?.["spec-id"] ?? null,
      fields: (spec?.fields ?? []).map((f) => ({
        name: f.name,
        transform: f.transform,
        sourceId: f["source-id"],
        sourceColumn: byId.get(f["source-id"]) ?? null,
        fieldId: f["field-id"] ?? null,
      })),
    },
    properties: Object.entries(m.properties)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => ({ key, value })),
    snapshotCount: m.snapshots.length,
    history,
  };
}
