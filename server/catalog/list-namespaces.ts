import "server-only";
import type { NamespaceList } from "./contract.ts";
import type { CatalogSource } from "./source.ts";

/** Nested namespaces are listed this deep and this many at most. */
const MAX_DEPTH = 3;
const MAX_NAMESPACES = 2000;

/** Every namespace of the catalog (nested ones below their parent), with which catalog was asked and why. */
export async function listCatalogNamespaces({ source }: { source: CatalogSource }): Promise<NamespaceList> {
  const client = source.client();
  const found: string[][] = [];
  let level = await client.listNamespaces();
  for (let depth = 1; level.length && depth <= MAX_DEPTH && found.length < MAX_NAMESPACES; depth++) {
    found.push(...level);
    if (depth === MAX_DEPTH) break;
    // Catalogs that do not nest answer a parent's children with an empty list, or 404 for an unknown parent.
    const children = await Promise.all(level.map((ns) => client.listNamespaces(ns).catch(() => [] as string[][])));
    level = children.flat().filter((c) => c.length > depth);
  }
  const namespaces = found
    .slice(0, MAX_NAMESPACES)
    .map((levels) => ({ levels, name: levels.join(".") }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { catalog: source.describe(), namespaces };
}
