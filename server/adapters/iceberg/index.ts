// The Iceberg REST catalog (any spec-conformant one): namespaces, tables and their metadata over fetch, zod-checked.
import "server-only";
export { createIcebergClient, type IcebergClient, type IcebergClientOptions } from "./client.ts";
export type { IcebergField, IcebergType, Snapshot as IcebergSnapshot, TableMetadata } from "./rest-schemas.ts";
