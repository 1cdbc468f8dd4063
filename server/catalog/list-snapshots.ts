import "server-only";
import type { SnapshotPage, SnapshotsQuery } from "./contract.ts";
import { loadTableShared } from "./shared-load.ts";
import type { CatalogSource } from "./source.ts";
import { ordered, snapshotView } from "./table-view.ts";

type Options = { source: CatalogSource; namespace: string[]; table: string; query: SnapshotsQuery };

/** One page of a table's snapshots, newest first, each with its summary read as figures. */
export async function listCatalogSnapshots({ source, namespace, table, query }: Options): Promise<SnapshotPage> {
  const metadata = await loadTableShared(source.client(), namespace, table);
  const newestFirst = ordered(metadata.snapshots).reverse();
  return {
    total: newestFirst.length,
    offset: query.offset,
    snapshots: newestFirst.slice(query.offset, query.offset + query.limit).map(snapshotView),
  };
}
