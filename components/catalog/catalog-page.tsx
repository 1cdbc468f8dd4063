"use client";
import { ChevronDown, ChevronRight, Database, Table2 } from "lucide-react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState, ErrorPanel, PageHeader, QueryState, Spinner } from "@/components/ui/states";
import { catalogTableHref, NAMESPACE_SEPARATOR } from "@/server/catalog/contract";
import { useCatalogNamespaces, useCatalogTables } from "./queries";
import { TableView } from "./table-view";

export function CatalogPage() {
  const params = useSearchParams();
  const ns = params.get("namespace");
  const table = params.get("table");
  const namespaces = useCatalogNamespaces();
  const source = namespaces.data?.catalog;
  return (
    <>
      <PageHeader
        title="Catalog"
        description={
          source
            ? `Iceberg tables: schema, partitioning, properties and snapshots; ${source.reason}.`
            : "Iceberg tables: schema, partitioning, properties and snapshot history, read over the Iceberg REST API."
        }
      />
      {namespaces.isError ? (
        <ErrorPanel error={namespaces.error} title="Catalog unavailable" />
      ) : (
        <div className="grid grid-cols-1 gap-4 lg:grid-cols-[16rem_1fr]">
          <aside aria-label="Namespaces" className="min-w-0">
            <NamespacesCard query={namespaces} ns={ns} table={table} />
          </aside>
          <section aria-label="Table" className="min-w-0">
            {ns !== null && table !== null ? (
              <TableView ns={ns} table={table} />
            ) : (
              <EmptyState icon={Table2} title="Pick a table">
                Open a namespace on the left and choose one of its tables to see its schema, partition spec, properties
                and snapshots.
              </EmptyState>
            )}
          </section>
        </div>
      )}
    </>
  );
}

function NamespacesCard(props: {
  query: ReturnType<typeof useCatalogNamespaces>;
  ns: string | null;
  table: string | null;
}) {
  const { ns, table } = props;
  return (
    <Card title="Namespaces">
      <QueryState
        query={props.query}
        pendingLabel="Asking the catalog…"
        isEmpty={(d) => d.namespaces.length === 0}
        empty={<p className="text-sm text-zinc-500">The catalog has no namespaces yet.</p>}
      >
        {(d) => (
          <ul className="space-y-0.5 text-sm">
            {d.namespaces.map((n) => (
              <NamespaceItem
                key={n.name}
                levels={n.levels}
                name={n.name}
                selected={ns === n.levels.join(NAMESPACE_SEPARATOR)}
                table={table}
              />
            ))}
          </ul>
        )}
      </QueryState>
    </Card>
  );
}

function NamespaceItem(props: { levels: string[]; name: string; selected: boolean; table: string | null }) {
  const [open, setOpen] = useState(props.selected);
  const key = props.levels.join(NAMESPACE_SEPARATOR);
  const tables = useCatalogTables(open ? key : null);
  const Icon = open ? ChevronDown : ChevronRight;
  return (
    <li>
      <button
        type="button"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        className="flex w-full items-center gap-1.5 rounded px-1.5 py-1 text-left hover:bg-zinc-100 dark:hover:bg-zinc-800"
      >
        <Icon className="size-3.5 shrink-0 text-zinc-500" aria-hidden />
        <Database className="size-3.5 shrink-0 text-zinc-500" aria-hidden />
        <span className="truncate font-mono">{props.name}</span>
      </button>
      {open && (
        <div className="ml-5 border-l border-zinc-200 pl-2 dark:border-zinc-800">
          {tables.isPending ? (
            <Spinner label="Tables…" />
          ) : tables.isError ? (
            <p className="py-1 text-xs text-red-700 dark:text-red-300">{tables.error.message}</p>
          ) : tables.data.tables.length === 0 ? (
            <p className="py-1 text-xs text-zinc-500">No tables.</p>
          ) : (
            <ul aria-label={`Tables of ${props.name}`}>
              {tables.data.tables.map((t) => {
                const current = props.selected && props.table === t.name;
                return (
                  <li key={t.name}>
                    <Link
                      href={catalogTableHref(props.levels, t.name)}
                      aria-current={current ? "page" : undefined}
                      className={cn(
                        "block truncate rounded px-1.5 py-0.5 font-mono text-xs hover:bg-zinc-100 dark:hover:bg-zinc-800",
                        current && "bg-indigo-50 text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300",
                      )}
                    >
                      {t.name}
                    </Link>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}
    </li>
  );
}
