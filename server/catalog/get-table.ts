import "server-only";
import type { Db } from "../adapters/db/index.ts";
import { findDatasetsForTable } from "../lineage/index.ts";
import type { TableDetail } from "./contract.ts";
import { loadTableShared } from "./shared-load.ts";
import type { CatalogSource } from "./source.ts";
import { tableDetail } from "./table-view.ts";

type Options = { source: CatalogSource; db: Db; namespace: string[]; table: string };

/** A table's schema, partition spec, properties and snapshot history, and the lineage dataset of the same name. */
export async function getCatalogTable({ source, db, namespace, table }: Options): Promise<TableDetail> {
  const [metadata, datasets] = await Promise.all([
    loadTableShared(source.client(), namespace, table),
    findDatasetsForTable(db, namespace, table),
  ]);
  return { ...tableDetail(namespace, table, metadata), dataset: datasets[0] ?? null };
}
