// The Iceberg catalog: namespaces, tables with schema, partition spec, properties and snapshots, linked to lineage.
import "server-only";
export { createCatalogSource, resolveCatalog, type CatalogSource, type CatalogSettings } from "./source.ts";
export { listCatalogNamespaces } from "./list-namespaces.ts";
export { listCatalogTables } from "./list-tables.ts";
export { getCatalogTable } from "./get-table.ts";
export { listCatalogSnapshots } from "./list-snapshots.ts";
export { findCatalogTableForDataset } from "./find-dataset-link.ts";
export { catalogOps } from "./operations.ts";
