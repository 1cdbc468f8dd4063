"use client";
import Link from "next/link";
import { catalogTableHref } from "@/server/catalog/contract";
import { useDatasetCatalogLink } from "./queries";

/** "Catalog table" beside a lineage dataset whose name the catalog knows; nothing while asking or when it does not. */
export function DatasetCatalogLink({ namespace, name }: { namespace: string; name: string }) {
  const q = useDatasetCatalogLink(namespace, name);
  const t = q.data?.table;
  if (!t) return null;
  return (
    <Link
      className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
      href={catalogTableHref(t.namespace, t.name)}
      title={[...t.namespace, t.name].join(".")}
    >
      Catalog table
    </Link>
  );
}
