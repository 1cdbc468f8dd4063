"use client";
import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { CARD_TABLE_STYLE, DataTable } from "@/components/ui/data-table";
import { dateTime, formatNumber } from "@/components/ui/format";
import { ErrorPanel, QueryState, Spinner } from "@/components/ui/states";
import type { SchemaField, SnapshotView, TableDetail } from "@/server/catalog/contract";
import { SNAPSHOT_PAGE, useCatalogSnapshots, useCatalogTable } from "./queries";
import { SnapshotHistoryChart } from "./snapshot-chart";

const cell = "px-2 py-1.5 align-top";
/** Nested fields indented by depth (classes, not inline styles: the CSP allows no style attributes). */
const INDENT = ["", "pl-4", "pl-8", "pl-12", "pl-16"];
const mono = `${cell} font-mono text-xs`;

export function TableView({ ns, table }: { ns: string; table: string }) {
  const q = useCatalogTable(ns, table);
  if (q.isPending) return <Spinner label="Loading the table's metadata…" />;
  if (q.isError) return <ErrorPanel error={q.error} title={`Table ${table} unavailable`} />;
  const t = q.data;
  return (
    <div className="space-y-4">
      <TableHeader t={t} />
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <Card title={`Schema (id ${t.schemaId ?? "—"}, ${t.schema.length} fields)`}>
          <DataTable
            label="Schema"
            data={t.schema}
            columns={schemaColumns(t.identifierFieldIds)}
            sortable={false}
            style={CARD_TABLE_STYLE}
            rowId={(f) => String(f.id)}
          />
        </Card>
        <div className="space-y-4">
          <Card title={`Partition spec${t.partitionSpec.specId !== null ? ` (id ${t.partitionSpec.specId})` : ""}`}>
            {t.partitionSpec.fields.length === 0 ? (
              <p className="text-sm text-zinc-500">Unpartitioned.</p>
            ) : (
              <DataTable
                label="Partition spec"
                data={t.partitionSpec.fields}
                columns={specColumns}
                sortable={false}
                style={CARD_TABLE_STYLE}
              />
            )}
          </Card>
          <PropertiesCard properties={t.properties} />
        </div>
      </div>
      <Card title={`Records per snapshot${t.history.length < t.snapshotCount ? ` (latest ${t.history.length})` : ""}`}>
        {t.history.length === 0 ? (
          <p className="text-sm text-zinc-500">No snapshots yet.</p>
        ) : (
          <SnapshotHistoryChart history={t.history} />
        )}
      </Card>
      <SnapshotsCard ns={ns} table={table} total={t.snapshotCount} current={t.currentSnapshotId} />
    </div>
  );
}

function PropertiesCard({ properties }: { properties: TableDetail["properties"] }) {
  return (
    <Card title="Properties">
      {properties.length === 0 ? (
        <p className="text-sm text-zinc-500">No properties.</p>
      ) : (
        <dl aria-label="Properties" className="grid grid-cols-1 gap-x-4 gap-y-1 text-xs sm:grid-cols-[auto_1fr]">
          {properties.map((p) => (
            <div key={p.key} className="contents">
              <dt className="break-all font-mono text-zinc-500">{p.key}</dt>
              <dd className="mb-1 break-all font-mono sm:mb-0">{p.value}</dd>
            </div>
          ))}
        </dl>
      )}
    </Card>
  );
}

function TableHeader({ t }: { t: TableDetail }) {
  return (
    <Card>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 className="break-all font-mono text-base font-semibold">{[...t.namespace, t.name].join(".")}</h2>
          <p className="mt-1 break-all text-xs text-zinc-500">
            format v{t.formatVersion} · {formatNumber(t.snapshotCount)} snapshots · updated {dateTime(t.lastUpdatedAt)}
            {t.location && <> · {t.location}</>}
          </p>
        </div>
        {t.dataset ? (
          <Link
            className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
            href={`/lineage/datasets/${t.dataset.id}`}
            title={`${t.dataset.namespace} / ${t.dataset.name}`}
          >
            Lineage dataset
          </Link>
        ) : (
          <span className="text-xs text-zinc-500">No lineage dataset of this name yet</span>
        )}
      </div>
    </Card>
  );
}

function schemaColumns(identifiers: number[]): ColumnDef<SchemaField, unknown>[] {
  return [
    { header: "Id", accessorKey: "id", meta: { className: `${mono} w-12 text-zinc-500` } },
    {
      header: "Field",
      accessorKey: "path",
      meta: { className: mono },
      cell: ({ row: { original: f } }) => (
        <span title={f.path} className={cn("whitespace-nowrap", INDENT[Math.min(f.depth, INDENT.length - 1)])}>
          {f.depth > 0 && <span className="text-zinc-400">└ </span>}
          {f.name}
          {identifiers.includes(f.id) && (
            <span className="ml-1">
              <Badge tone="violet">key</Badge>
            </span>
          )}
        </span>
      ),
    },
    { header: "Type", accessorKey: "type", meta: { className: `${mono} break-words` } },
    {
      header: "Required",
      accessorKey: "required",
      meta: { className: `${cell} text-xs` },
      cell: ({ getValue }) => (getValue() ? "required" : <span className="text-zinc-500">optional</span>),
    },
  ];
}

const specColumns: ColumnDef<TableDetail["partitionSpec"]["fields"][number], unknown>[] = [
  { header: "Field", accessorKey: "name", meta: { className: mono } },
  { header: "Transform", accessorKey: "transform", meta: { className: mono } },
  {
    header: "Source",
    accessorKey: "sourceColumn",
    meta: { className: mono },
    cell: ({ row: { original: f } }) => `${f.sourceColumn ?? "?"} (${f.sourceId})`,
  },
];

const num = (n: number | null) => formatNumber(n);
const snapshotColumns = (current: string | null): ColumnDef<SnapshotView, unknown>[] => [
  {
    header: "Committed",
    accessorKey: "committedAt",
    meta: { className: `${cell} whitespace-nowrap text-xs` },
    cell: ({ row: { original: s } }) => (
      <span title={s.id}>
        {dateTime(s.committedAt)}
        {s.id === current && (
          <span className="ml-1">
            <Badge tone="green">current</Badge>
          </span>
        )}
      </span>
    ),
  },
  { header: "Operation", accessorKey: "operation", meta: { className: mono } },
  {
    header: "+ records",
    accessorKey: "addedRecords",
    meta: { className: `${cell} text-right tabular-nums` },
    cell: ({ getValue }) => num(getValue() as number | null),
  },
  {
    header: "− records",
    accessorKey: "deletedRecords",
    meta: { className: `${cell} text-right tabular-nums` },
    cell: ({ getValue }) => num(getValue() as number | null),
  },
  {
    header: "+ files",
    accessorKey: "addedFiles",
    meta: { className: `${cell} text-right tabular-nums` },
    cell: ({ getValue }) => num(getValue() as number | null),
  },
  {
    header: "− files",
    accessorKey: "deletedFiles",
    meta: { className: `${cell} text-right tabular-nums` },
    cell: ({ getValue }) => num(getValue() as number | null),
  },
  {
    header: "Total records",
    accessorKey: "totalRecords",
    meta: { className: `${cell} text-right tabular-nums` },
    cell: ({ getValue }) => num(getValue() as number | null),
  },
  { header: "Snapshot id", accessorKey: "id", meta: { className: `${mono} text-zinc-500` } },
];

function SnapshotsCard(props: { ns: string; table: string; total: number; current: string | null }) {
  const [offset, setOffset] = useState(0);
  const q = useCatalogSnapshots(props.ns, props.table, offset);
  const last = Math.min(offset + SNAPSHOT_PAGE, props.total);
  return (
    <Card
      title={`Snapshots, newest first (${props.total ? `${offset + 1}–${last} of ${formatNumber(props.total)}` : "none"})`}
      action={
        <div className="flex gap-2">
          <Button
            variant="secondary"
            size="sm"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - SNAPSHOT_PAGE))}
          >
            Newer
          </Button>
          <Button
            variant="secondary"
            size="sm"
            disabled={last >= props.total}
            onClick={() => setOffset(offset + SNAPSHOT_PAGE)}
          >
            Older
          </Button>
        </div>
      }
    >
      <QueryState query={q} pendingLabel="Loading snapshots…">
        {(d) => (
          <DataTable
            label="Snapshots"
            data={d.snapshots}
            columns={snapshotColumns(props.current)}
            sortable={false}
            style={CARD_TABLE_STYLE}
            rowId={(s) => s.id}
            empty="No snapshots yet."
          />
        )}
      </QueryState>
    </Card>
  );
}
