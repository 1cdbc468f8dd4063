"use client";
import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { CARD_TABLE_STYLE, DataTable } from "@/components/ui/data-table";
import { dateTime, formatNumber } from "@/components/ui/format";
import type { Run } from "@/server/lineage/contract";

const COLUMNS: ColumnDef<Run, unknown>[] = [
  {
    id: "started",
    header: "Started",
    meta: { headerClassName: "py-1", className: "py-1 text-xs" },
    // Opens the run: its parent and its children on a timeline.
    cell: ({ row }) => (
      <Link className="hover:underline" href={`/lineage/runs/${row.original.id}`} title={`run ${row.original.id}`}>
        {dateTime(row.original.startedAt)}
      </Link>
    ),
  },
  { id: "job", header: "Job", meta: { className: "font-mono text-xs" }, cell: ({ row }) => row.original.job },
  {
    id: "state",
    header: "State",
    cell: ({ row: { original: r } }) => (
      <Badge tone={r.state === "COMPLETE" ? "green" : r.state === "FAIL" || r.state === "ABORT" ? "red" : "blue"}>
        {r.state}
      </Badge>
    ),
  },
  {
    id: "duration",
    header: "Duration",
    meta: { className: "tabular-nums text-xs" },
    cell: ({ row }) => formatNumber(row.original.durationSeconds, { digits: 1, unit: "s" }),
  },
  {
    id: "rowsIn",
    header: "Rows in",
    meta: { className: "tabular-nums text-xs" },
    cell: ({ row }) => formatNumber(row.original.rowsIn),
  },
  {
    id: "rowsOut",
    header: "Rows out",
    meta: { className: "tabular-nums text-xs" },
    cell: ({ row }) => formatNumber(row.original.rowsOut),
  },
  {
    id: "error",
    header: "Error",
    meta: {
      className: "max-w-[20rem] truncate text-xs text-red-600",
      cellProps: (r) => ({ title: r.errorMessage ?? "" }),
    },
    cell: ({ row }) => row.original.errorMessage ?? "",
  },
];

export function RunsTable({ runs }: { runs: Run[] }) {
  if (!runs.length) return <p className="text-sm text-zinc-500">No runs recorded.</p>;
  return (
    <DataTable
      label="Runs"
      data={runs}
      columns={COLUMNS}
      sortable={false}
      style={CARD_TABLE_STYLE}
      rowId={(r) => r.id}
    />
  );
}
