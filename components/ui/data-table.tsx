"use client";
import {
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type RowData,
  type SortingState,
} from "@tanstack/react-table";
import { ArrowDown, ArrowUp } from "lucide-react";
import { useState, type ComponentProps, type ReactNode } from "react";
import { cn } from "./cn";

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- TValue: the type parameters must match the library's declaration
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Classes of this column's cells (widths, alignment, type), or of each row's cell. */
    className?: string | ((row: TData) => string | undefined);
    /** Attributes of this column's cells (a click that must not reach the row, a title), or of each row's cell. */
    cellProps?: CellProps | ((row: TData) => CellProps);
    /** Classes of this column's header cell. */
    headerClassName?: string;
  }
}

/** The table's own classes; each defaults to the bordered, sortable list look of the settings pages. */
export type TableStyle = { box: string; table: string; head: string; th: string; row: string; td: string };

const LIST_STYLE: TableStyle = {
  box: "overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900",
  table: "w-full text-left text-sm",
  head: "bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400",
  th: "whitespace-nowrap border-b border-zinc-200 px-3 py-2 font-medium dark:border-zinc-800",
  row: "border-b border-zinc-100 last:border-0 hover:bg-zinc-50 dark:border-zinc-800/60 dark:hover:bg-zinc-800/40",
  td: "px-3 py-2 align-middle",
};

/** A table inside a card: no box of its own, a hairline between rows; columns give their padding and widths. */
export const CARD_TABLE_STYLE: TableStyle = {
  box: "overflow-x-auto",
  table: "w-full text-left text-sm",
  head: "text-xs uppercase text-zinc-500",
  th: "",
  row: "border-t border-zinc-100 dark:border-zinc-800",
  td: "",
};

type DataAttributes = { [data: `data-${string}`]: string | undefined };
type RowProps = ComponentProps<"tr"> & DataAttributes;
type CellProps = ComponentProps<"td"> & DataAttributes;

type DataTableProps<T> = {
  data: T[];
  columns: ColumnDef<T, unknown>[];
  label: string;
  /** Shown in one row when there is no data; no row at all when absent. */
  empty?: ReactNode;
  /** Off: headers are plain text, rows stay in the data's order. */
  sortable?: boolean;
  style?: Partial<TableStyle>;
  /** A stable row id (React key) from the data; the index otherwise. */
  rowId?: (row: T) => string;
  /** Per-row attributes: extra classes, click, data-* for tests. */
  rowProps?: (row: T) => RowProps;
};

/** A table on TanStack Table, styled once for every list in the app; callers give columns, not markup. */
export function DataTable<T>({
  data,
  columns,
  empty,
  label,
  sortable = true,
  style,
  rowId,
  rowProps,
}: DataTableProps<T>) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const table = useReactTable({
    data,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    enableSorting: sortable,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: rowId ? (row) => rowId(row) : undefined,
  });
  const s = { ...LIST_STYLE, ...style };
  const rows = table.getRowModel().rows;
  return (
    <div className={s.box}>
      <table className={s.table} aria-label={label}>
        <thead className={s.head}>
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {hg.headers.map((h) => (
                <th key={h.id} scope="col" className={cn(s.th, h.column.columnDef.meta?.headerClassName)}>
                  {h.column.getCanSort() ? (
                    <SortButton
                      header={flexRender(h.column.columnDef.header, h.getContext())}
                      sorted={h.column.getIsSorted()}
                      onClick={h.column.getToggleSortingHandler()}
                    />
                  ) : (
                    flexRender(h.column.columnDef.header, h.getContext())
                  )}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {rows.length === 0 && empty !== undefined ? (
            <tr>
              <td colSpan={columns.length} className="px-3 py-10 text-center text-zinc-500">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => {
              const { className, ...props } = rowProps?.(row.original) ?? {};
              return (
                <tr key={row.id} className={cn(s.row, className)} {...props}>
                  {row.getVisibleCells().map((cell) => {
                    const meta = cell.column.columnDef.meta;
                    const extra =
                      typeof meta?.className === "function" ? meta.className(row.original) : meta?.className;
                    const props =
                      typeof meta?.cellProps === "function" ? meta.cellProps(row.original) : meta?.cellProps;
                    return (
                      <td key={cell.id} {...props} className={cn(s.td, extra)}>
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </td>
                    );
                  })}
                </tr>
              );
            })
          )}
        </tbody>
      </table>
    </div>
  );
}

function SortButton({
  header,
  sorted,
  onClick,
}: {
  header: ReactNode;
  sorted: false | "asc" | "desc";
  onClick: ((e: unknown) => void) | undefined;
}) {
  return (
    <button
      type="button"
      onClick={onClick}
      className="inline-flex items-center gap-1 uppercase focus-visible:outline-2 focus-visible:outline-indigo-500"
    >
      {header}
      {sorted === "asc" ? <ArrowUp className="size-3" /> : sorted === "desc" ? <ArrowDown className="size-3" /> : null}
    </button>
  );
}
