import { defineOperation } from "../define-operation.ts";
import {
  DatasetLink,
  DatasetLinkQuery,
  NamespaceList,
  NamespaceParams,
  SnapshotPage,
  SnapshotsQuery,
  TableDetail,
  TableList,
  TableParams,
} from "./contract.ts";

const tag = "catalog";
const source =
  "Read over the Iceberg REST API of the catalog NEXUS_ICEBERG_URL names (else the iceberg service of a running stack, else an iceberg probe). " +
  "A catalog that is not configured, does not answer or answers an error or something off the spec is a 503 naming it.";

export const catalogOps = {
  namespaces: defineOperation({
    method: "GET",
    path: "/api/v1/catalog/namespaces",
    tag,
    role: "viewer",
    scope: "catalog:read",
    response: NamespaceList,
    summary: "The catalog's namespaces (nested ones too) and which catalog was asked",
    description: source,
  }),
  tables: defineOperation({
    method: "GET",
    path: "/api/v1/catalog/namespaces/{namespace}/tables",
    tag,
    role: "viewer",
    scope: "catalog:read",
    params: NamespaceParams,
    response: TableList,
    summary: "The tables of a namespace (levels joined with %1F, as the Iceberg REST API writes them)",
    description: source,
  }),
  table: defineOperation({
    method: "GET",
    path: "/api/v1/catalog/namespaces/{namespace}/tables/{table}",
    tag,
    role: "viewer",
    scope: "catalog:read",
    params: TableParams,
    response: TableDetail,
    summary:
      "A table: schema with field ids and types (nested types flattened), partition spec, properties, records per snapshot, and its lineage dataset",
    description: source,
  }),
  snapshots: defineOperation({
    method: "GET",
    path: "/api/v1/catalog/namespaces/{namespace}/tables/{table}/snapshots",
    tag,
    role: "viewer",
    scope: "catalog:read",
    params: TableParams,
    query: SnapshotsQuery,
    response: SnapshotPage,
    summary:
      "A table's snapshots, newest first, with their summaries (operation, added/deleted records and files), paged",
    description: source,
  }),
  datasetLink: defineOperation({
    method: "GET",
    path: "/api/v1/catalog/dataset-link",
    tag,
    role: "viewer",
    scope: "catalog:read",
    query: DatasetLinkQuery,
    response: DatasetLink,
    summary: "The catalog table a lineage dataset's name stands for (iceberg.silver.x, silver.x, silver/x), or null",
    description: source,
  }),
};
