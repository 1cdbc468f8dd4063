"use client";
import type { ColumnDef } from "@tanstack/react-table";
import { Search } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { DataTable, type TableStyle } from "@/components/ui/data-table";
import { dateTime } from "@/components/ui/format";
import { EmptyState, QueryState, type QueryLike } from "@/components/ui/states";
import type { DlqMessage } from "@/server/dlq/contract";
import { previewText } from "./payload-view";
import type { MessageRef } from "./queries";
import { ReplayedBadge } from "./replayed-badge";

export const keyOf = (m: MessageRef) => `${m.partition}:${m.offset}`;
export const withheld = (p: DlqMessage["value"]) => p.kind === "hidden" || p.kind === "omitted";
const dim = "italic text-zinc-500";

type Selection = Map<string, DlqMessage>;

const MESSAGES_STYLE: Partial<TableStyle> = {
  head: "bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-900",
  th: "px-3 py-2",
  row: "cursor-pointer border-t border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-800/50",
  td: "",
};

/** One page of messages: a row opens the message, a checkbox selects it for a replay. */
export function MessagesTable({
  topic,
  msgs,
  selected,
  onSelect,
  onOpen,
}: {
  topic: string;
  msgs: DlqMessage[];
  selected: Selection;
  onSelect: (next: Selection) => void;
  onOpen: (ref: MessageRef) => void;
}) {
  const toggle = (m: DlqMessage) => {
    const n = new Map(selected);
    if (n.has(keyOf(m))) n.delete(keyOf(m));
    else n.set(keyOf(m), m);
    onSelect(n);
  };
  const allOnPage = msgs.length > 0 && msgs.every((m) => selected.has(keyOf(m)));
  const toggleAll = () => {
    const n = new Map(selected);
    for (const m of msgs) {
      if (allOnPage) n.delete(keyOf(m));
      else n.set(keyOf(m), m);
    }
    onSelect(n);
  };
  const open = (m: DlqMessage) => onOpen({ partition: m.partition, offset: m.offset });
  const columns: ColumnDef<DlqMessage, unknown>[] = [
    {
      id: "select",
      meta: { headerClassName: "w-8", className: "px-3 py-1.5", cellProps: { onClick: (e) => e.stopPropagation() } },
      header: () => (
        <input type="checkbox" aria-label="Select all on this page" checked={allOnPage} onChange={toggleAll} />
      ),
      cell: ({ row: { original: m } }) => (
        <input
          type="checkbox"
          aria-label={`Select ${m.partition}@${m.offset}`}
          checked={selected.has(keyOf(m))}
          onChange={() => toggle(m)}
        />
      ),
    },
    {
      id: "position",
      header: "P@offset",
      meta: { className: "whitespace-nowrap px-3 py-1.5 font-mono text-xs" },
      cell: ({ row: { original: m } }) => (
        <>
          <button
            type="button"
            className="hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500"
            onClick={(e) => {
              e.stopPropagation();
              open(m);
            }}
          >
            {m.partition}@{m.offset}
          </button>
          {m.replays?.[0] && <ReplayedBadge mark={m.replays[0]} more={m.replays.length - 1} />}
        </>
      ),
    },
    {
      id: "time",
      header: "Time",
      meta: { className: "whitespace-nowrap px-3 py-1.5 text-xs text-zinc-500" },
      cell: ({ row }) => dateTime(row.original.timestamp),
    },
    {
      id: "error",
      header: "Error",
      meta: { className: "max-w-[14rem] px-3 py-1.5 text-xs" },
      cell: ({ row: { original: m } }) => (
        <>
          <span className="font-mono text-rose-700 dark:text-rose-300" title={m.error.errorClass ?? ""}>
            {m.error.errorClass?.split(".").at(-1) ?? "—"}
          </span>
          <div className="truncate text-zinc-500" title={m.error.message ?? ""}>
            {m.error.message}
          </div>
        </>
      ),
    },
    {
      id: "originalTopic",
      header: "Original topic",
      meta: { className: "max-w-[10rem] truncate px-3 py-1.5 font-mono text-xs" },
      cell: ({ row }) => row.original.error.originalTopic ?? <span className="text-zinc-400">unknown</span>,
    },
    {
      id: "key",
      header: "Key",
      meta: { className: (m) => cn("max-w-[10rem] truncate px-3 py-1.5 font-mono text-xs", withheld(m.key) && dim) },
      cell: ({ row }) => previewText(row.original.key, 30),
    },
    {
      id: "value",
      header: "Value",
      meta: {
        className: (m) =>
          cn("w-full max-w-0 min-w-[8rem] truncate px-3 py-1.5 font-mono text-xs", withheld(m.value) && dim),
      },
      cell: ({ row }) => previewText(row.original.value),
    },
  ];
  return (
    <DataTable
      label={`Messages of ${topic}`}
      data={msgs}
      columns={columns}
      sortable={false}
      style={MESSAGES_STYLE}
      rowId={keyOf}
      rowProps={(m) => ({ onClick: () => open(m) })}
    />
  );
}

/**
 * A page of dead letters (a topic's or an S3 prefix's), or its loading, error or empty state; the empty state says
 * when the scan stopped before a match, so "no messages" is never claimed for what was not read.
 */
export function MessagesResult({
  page,
  topic,
  noun,
  pendingLabel,
  errorTitle,
  noMatch,
  ...table
}: {
  page: QueryLike<{ messages: DlqMessage[]; scanned: number; scanLimited: boolean }>;
  topic: string;
  /** What a scanned item is called: "messages" of a topic, "records" of S3 objects. */
  noun: string;
  pendingLabel: string;
  errorTitle: string;
  noMatch: string;
  selected: Selection;
  onSelect: (next: Selection) => void;
  onOpen: (ref: MessageRef) => void;
}) {
  return (
    <QueryState
      query={page}
      pendingLabel={pendingLabel}
      errorTitle={errorTitle}
      isEmpty={(d) => d.messages.length === 0}
      empty={
        <EmptyState icon={Search} title="No messages">
          {page.data?.scanLimited
            ? `No match in the ${page.data.scanned.toLocaleString()} ${noun} read; page on to read further.`
            : noMatch}
        </EmptyState>
      }
    >
      {(d) => <MessagesTable topic={topic} msgs={d.messages} {...table} />}
    </QueryState>
  );
}
