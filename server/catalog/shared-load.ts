import "server-only";
import type { IcebergClient, TableMetadata } from "../adapters/iceberg/index.ts";

/** How long a loaded table is reused: the page asks its detail and first snapshot page at once, paging asks again. */
const TTL_MS = 2000;
const MAX_ENTRIES = 64;

type Entry = { at: number; metadata: Promise<TableMetadata> };
const loads = new WeakMap<IcebergClient, Map<string, Entry>>();

/**
 * A table's metadata, one catalog call shared by the requests that ask within TTL_MS (a failed call is not kept).
 * The catalog re-reads the metadata file on every load, so the page's two parallel requests would cost two.
 */
export function loadTableShared(client: IcebergClient, namespace: string[], table: string): Promise<TableMetadata> {
  let byKey = loads.get(client);
  if (!byKey) loads.set(client, (byKey = new Map()));
  const key = JSON.stringify([namespace, table]);
  const now = Date.now();
  const hit = byKey.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.metadata;
  if (byKey.size >= MAX_ENTRIES) {
    for (const [k, e] of byKey) if (now - e.at >= TTL_MS) byKey.delete(k);
    if (byKey.size >= MAX_ENTRIES) byKey.clear();
  }
  const metadata = client.loadTable(namespace, table);
  byKey.set(key, { at: now, metadata });
  metadata.catch(() => byKey.delete(key));
  return metadata;
}
