import "server-only";
import { icebergTablesNamedBy } from "../lineage/index.ts";
import type { DatasetLink } from "./contract.ts";
import type { CatalogSource } from "./source.ts";

/**
 * The catalog table a lineage dataset stands for, when the catalog has one by that name (asked with HEAD, cheap even
 * for a table with thousands of snapshots); null when it has none. A catalog that cannot be asked is a 503.
 */
export async function findCatalogTableForDataset({
  source,
  name,
}: {
  source: CatalogSource;
  name: string;
}): Promise<DatasetLink> {
  const client = source.client();
  for (const c of icebergTablesNamedBy(name)) {
    if (await client.tableExists(c.namespace, c.table).catch(ignoreRefusal))
      return { table: { namespace: c.namespace, name: c.table } };
  }
  return { table: null };
}

/** A name the catalog refuses (400) is not its table; a catalog that is down still is an error. */
function ignoreRefusal(e: unknown): false {
  if (e instanceof Error && "status" in e && e.status === 400) return false;
  throw e;
}
