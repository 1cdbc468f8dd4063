import "server-only";
import type { TableList } from "./contract.ts";
import type { CatalogSource } from "./source.ts";

/** The tables of one namespace, by name. */
export async function listCatalogTables({
  source,
  namespace,
}: {
  source: CatalogSource;
  namespace: string[];
}): Promise<TableList> {
  const ids = await source.client().listTables(namespace);
  return { namespace, tables: ids.map((t) => ({ name: t.name })).sort((a, b) => a.name.localeCompare(b.name)) };
}
