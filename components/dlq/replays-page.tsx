"use client";
import type { ColumnDef } from "@tanstack/react-table";
import { History, Pause, Play, Square } from "lucide-react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useSession } from "@/components/auth/queries";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable, type TableStyle } from "@/components/ui/data-table";
import { dateTime, relativeTime } from "@/components/ui/format";
import { EmptyState, PageHeader, QueryState } from "@/components/ui/states";
import { hasRole } from "@/server/auth/contract";
import type { Replay, ReplayJournal } from "@/server/dlq/contract";
import type { z } from "zod";
import { useControlReplay, useJournal, useReplays } from "./queries";

const LIVE = new Set(["queued", "running", "paused"]);
const TONE: Record<Replay["state"], Tone> = {
  queued: "neutral",
  running: "blue",
  paused: "amber",
  succeeded: "green",
  failed: "red",
  cancelled: "neutral",
  interrupted: "amber",
};

function Progress({ r }: { r: Replay }) {
  const done = r.sent + r.skipped + r.parked;
  const total = r.total ?? r.selected ?? null;
  const pct = total ? Math.min(100, Math.round((done / total) * 100)) : null;
  return (
    <div className="min-w-[8rem]">
      <div className="text-xs tabular-nums">
        {r.sent.toLocaleString()} sent{r.skipped ? ` · ${r.skipped} skipped` : ""}
        {r.parked ? ` · ${r.parked} parked` : ""}
        {total ? ` / ${total.toLocaleString()}` : ""}
      </div>
      {pct !== null && (
        <div
          className="mt-1 h-1.5 rounded bg-zinc-100 dark:bg-zinc-800"
          role="progressbar"
          aria-valuenow={pct}
          aria-valuemin={0}
          aria-valuemax={100}
        >
          <div className="h-1.5 rounded bg-indigo-500" style={{ width: `${pct}%` }} />
        </div>
      )}
    </div>
  );
}

function Journal({ id, state }: { id: string; state: string | undefined }) {
  const j = useJournal(id, state);
  return (
    <QueryState
      query={j}
      isEmpty={(d) => d.total === 0}
      empty={<p className="text-xs text-zinc-500">Nothing journaled yet.</p>}
    >
      {(d) => <JournalTable journal={d} />}
    </QueryState>
  );
}

type JournalEntry = z.infer<typeof ReplayJournal>["entries"][number];

const JOURNAL_COLUMNS: ColumnDef<JournalEntry, unknown>[] = [
  {
    id: "source",
    header: "Source",
    meta: { className: "font-mono" },
    cell: ({ row: { original: e } }) => `${e.partition}@${e.offset}`,
  },
  {
    id: "outcome",
    header: "Outcome",
    cell: ({ row: { original: e } }) => (
      <Badge tone={e.outcome === "sent" ? "green" : e.outcome === "parked" ? "amber" : "neutral"}>{e.outcome}</Badge>
    ),
  },
  {
    id: "target",
    header: "Target",
    meta: { className: "font-mono" },
    cell: ({ row }) => row.original.targetTopic ?? "—",
  },
  { id: "reason", header: "Reason", cell: ({ row }) => row.original.reason ?? "" },
  { id: "at", header: "At", meta: { className: "text-zinc-500" }, cell: ({ row }) => dateTime(row.original.at) },
];

function JournalTable({ journal }: { journal: z.infer<typeof ReplayJournal> }) {
  return (
    <div className="max-h-80 overflow-auto">
      <p className="mb-1 text-xs text-zinc-500">
        {journal.total.toLocaleString()} entries
        {journal.total > journal.entries.length ? ` (first ${journal.entries.length} shown)` : ""}
      </p>
      <DataTable
        label="Replay journal"
        data={journal.entries}
        columns={JOURNAL_COLUMNS}
        sortable={false}
        rowId={(e) => `${e.partition}:${e.offset}`}
        style={{
          box: "",
          table: "w-full text-left text-xs",
          head: "text-zinc-500",
          th: "",
          row: "border-t border-zinc-100 dark:border-zinc-800",
          td: "",
        }}
      />
    </div>
  );
}

export function ReplaysPage() {
  const first = useReplays(false);
  const live = first.data?.replays.some((r) => LIVE.has(r.state)) ?? false;
  const replays = useReplays(live);
  const control = useControlReplay();
  const role = useSession().data?.user.role ?? "viewer";
  const canAct = hasRole(role, "operator");
  const [open, setOpen] = useState<string | null>(useSearchParams().get("id"));
  const act = (id: string, action: "pause" | "resume" | "cancel") =>
    control.mutate(
      { id, action },
      {
        onError: (e) => toast.error(e.message),
        onSuccess: () =>
          toast.success(`Replay ${action === "cancel" ? "cancelling" : action === "pause" ? "pausing" : "resumed"}`),
      },
    );
  return (
    <>
      <PageHeader
        title="Replay history"
        description="Every replay: who started it, when, what it covered, how many messages went where, and how it ended."
        actions={
          <Link
            href="/dlq"
            className="rounded-md px-2 py-1.5 text-sm text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
          >
            All DLQs
          </Link>
        }
      />
      <QueryState
        query={replays}
        isEmpty={(d) => d.replays.length === 0}
        empty={
          <EmptyState icon={History} title="No replays yet">
            Open a dead-letter topic, select messages, and replay them.
          </EmptyState>
        }
      >
        {(d) => <ReplaysTable replays={d.replays} open={open} onOpen={setOpen} canAct={canAct} act={act} />}
      </QueryState>
      {open && (
        <div className="mt-4">
          <Card title={`Journal of replay ${open.slice(0, 8)}`}>
            <Journal id={open} state={replays.data?.replays.find((r) => r.id === open)?.state} />
          </Card>
        </div>
      )}
    </>
  );
}

const REPLAYS_STYLE: Partial<TableStyle> = {
  head: "bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-900",
  th: "px-3 py-2",
  row: "border-t border-zinc-100 align-top dark:border-zinc-800",
  td: "px-3 py-2",
};

type ReplaysTableProps = {
  replays: Replay[];
  open: string | null;
  onOpen: (id: string | null) => void;
  canAct: boolean;
  act: (id: string, action: "pause" | "resume" | "cancel") => void;
};

function ReplaysTable({ replays, open, onOpen, canAct, act }: ReplaysTableProps) {
  const columns: ColumnDef<Replay, unknown>[] = [
    {
      id: "when",
      header: "When",
      meta: { className: "whitespace-nowrap text-xs", cellProps: (r) => ({ title: dateTime(r.createdAt) }) },
      cell: ({ row }) => relativeTime(row.original.createdAt),
    },
    { id: "who", header: "Who", meta: { className: "text-xs" }, cell: ({ row }) => row.original.createdBy ?? "—" },
    {
      id: "from",
      header: "From",
      meta: { className: "font-mono text-xs" },
      cell: ({ row: { original: r } }) => (
        <Link className="hover:underline" href={`/dlq/topics/${encodeURIComponent(r.sourceTopic)}`}>
          {r.sourceTopic}
        </Link>
      ),
    },
    { id: "what", header: "What", meta: { className: "text-xs" }, cell: ({ row }) => coverage(row.original) },
    {
      id: "to",
      header: "To",
      meta: { className: "font-mono text-xs" },
      cell: ({ row: { original: r } }) => r.targetTopic ?? (Object.keys(r.byTarget).join(", ") || "original topics"),
    },
    { id: "progress", header: "Progress", cell: ({ row }) => <Progress r={row.original} /> },
    {
      id: "state",
      header: "State",
      cell: ({ row: { original: r } }) => (
        <>
          <Badge tone={TONE[r.state]}>{r.state}</Badge>
          {r.error && <div className="mt-1 max-w-[16rem] text-xs text-red-600 dark:text-red-400">{r.error}</div>}
        </>
      ),
    },
    {
      id: "actions",
      header: "",
      meta: { className: "whitespace-nowrap text-right" },
      cell: ({ row: { original: r } }) => (
        <>
          {canAct && r.state === "running" && (
            <Button size="sm" variant="ghost" aria-label="Pause" onClick={() => act(r.id, "pause")}>
              <Pause className="size-4" />
            </Button>
          )}
          {canAct && r.state === "paused" && (
            <Button size="sm" variant="ghost" aria-label="Resume" onClick={() => act(r.id, "resume")}>
              <Play className="size-4" />
            </Button>
          )}
          {canAct && LIVE.has(r.state) && (
            <Button size="sm" variant="ghost" aria-label="Cancel" onClick={() => act(r.id, "cancel")}>
              <Square className="size-4" />
            </Button>
          )}
          <Button size="sm" variant="secondary" onClick={() => onOpen(open === r.id ? null : r.id)}>
            {open === r.id ? "Hide" : "Journal"}
          </Button>
        </>
      ),
    },
  ];
  return (
    <DataTable
      label="Replays"
      data={replays}
      columns={columns}
      sortable={false}
      style={REPLAYS_STYLE}
      rowId={(r) => r.id}
      rowProps={(r) => ({ className: open === r.id ? "bg-indigo-50/50 dark:bg-indigo-950/30" : undefined })}
    />
  );
}

/** What a replay covered: its selection or filter, its cap and its rate. */
function coverage(r: Replay): string {
  const what =
    r.mode === "selection"
      ? `${r.selected} selected`
      : `filter ${
          Object.entries(r.filter ?? {})
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(", ") || "(all)"
        }`;
  return `${what}${r.maxMessages ? ` · at most ${r.maxMessages}` : ""} · ${r.ratePerSecond}/s`;
}
