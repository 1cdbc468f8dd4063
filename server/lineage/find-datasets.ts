import "server-only";
import type { Db } from "../adapters/db/index.ts";

export type DatasetName = { id: string; namespace: string; name: string };

/**
 * The datasets an Iceberg table `ns.table` is known by in lineage, best first: a name that is the table's dotted name
 * under a catalog (`iceberg.silver.app_events_cleaned`, Spark's naming), the dotted name itself in a catalog-named
 * namespace (`iceberg` / `silver.app_events_cleaned`), or `layer/table` as the seed's tracker writes it.
 */
export async function findDatasetsForTable(
  db: Db,
  namespace: readonly string[],
  table: string,
): Promise<DatasetName[]> {
  const dotted = [...namespace, table].join(".");
  const rows = await db.lineageDataset.findMany({
    where: {
      OR: [{ name: { endsWith: `.${dotted}` } }, { name: dotted }, { name: `${namespace.join("/")}/${table}` }],
    },
    select: { id: true, namespace: true, name: true },
    orderBy: [{ namespace: "asc" }, { name: "asc" }],
    take: 20,
  });
  const rank = (d: DatasetName) =>
    d.name === `iceberg.${dotted}` ? 0 : d.name.endsWith(`.${dotted}`) ? 1 : d.name === dotted ? 2 : 3;
  return rows.sort((a, b) => rank(a) - rank(b));
}

/** The Iceberg tables a dataset's name may stand for, read the same ways in reverse: `[catalog.]ns….table`, `ns/table`. */
export function icebergTablesNamedBy(name: string): { namespace: string[]; table: string }[] {
  const out: { namespace: string[]; table: string }[] = [];
  const parts = name.split(".");
  if (parts.length >= 3) out.push({ namespace: parts.slice(1, -1), table: parts.at(-1)! }); // iceberg.silver.t
  if (parts.length >= 2) out.push({ namespace: parts.slice(0, -1), table: parts.at(-1)! }); // silver.t (namespace iceberg)
  const slash = name.split("/");
  if (slash.length === 2 && slash[0] && slash[1]) out.push({ namespace: [slash[0]], table: slash[1] });
  return out
    .filter((c) => c.namespace.every((l) => l.length > 0 && l.length <= 255) && c.table.length <= 255)
    .slice(0, 3);
}
