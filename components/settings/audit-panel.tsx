"use client";
import type { ColumnDef } from "@tanstack/react-table";
import { useDeferredValue, useMemo, useState } from "react";
import { useAuditEvents, type AuditFilters } from "@/components/audit/queries";
import { RequireRole } from "@/components/auth/require-role";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { Field, Input, Select } from "@/components/ui/field";
import { dateTime } from "@/components/ui/format";
import { QueryState } from "@/components/ui/states";
import type { AuditEvent } from "@/server/audit/contract";

const toIso = (local: string) => (local ? new Date(local).toISOString() : undefined);

/** Shown first: what a content read touched (the database keeps JSON keys in its own order). */
const FIRST = ["ranges", "count", "reason"];
const rank = (k: string) => (FIRST.includes(k) ? FIRST.indexOf(k) : FIRST.length);

/** One line for an event's detail: `ranges: 0:0-49 · count: 50 · …` (content reads name partitions and offsets here). */
export function detailText(d: unknown): string {
  if (d === null || d === undefined) return "";
  if (typeof d !== "object") return String(d);
  return Object.entries(d)
    .filter(([, v]) => v !== undefined && v !== null)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(" · ");
}

const columns: ColumnDef<AuditEvent, unknown>[] = [
  {
    accessorKey: "at",
    header: "Time",
    cell: (c) => <span className="whitespace-nowrap tabular-nums">{dateTime(c.row.original.at)}</span>,
  },
  { accessorKey: "actor", header: "Actor" },
  {
    accessorKey: "action",
    header: "Action",
    cell: (c) => <code className="font-mono text-xs">{c.row.original.action}</code>,
  },
  {
    accessorKey: "target",
    header: "Target",
    cell: (c) => <span className="font-mono text-xs">{c.row.original.target ?? "—"}</span>,
  },
  {
    accessorKey: "outcome",
    header: "Outcome",
    cell: (c) => (
      <Badge
        tone={c.row.original.outcome === "success" ? "green" : c.row.original.outcome === "denied" ? "amber" : "red"}
      >
        {c.row.original.outcome}
      </Badge>
    ),
  },
  {
    id: "detail",
    header: "Detail",
    cell: (c) => {
      const t = detailText(c.row.original.detail);
      return t ? (
        <span className="block max-w-[22rem] truncate text-xs text-zinc-600 dark:text-zinc-400" title={t}>
          {t}
        </span>
      ) : (
        "—"
      );
    },
  },
  {
    accessorKey: "status",
    header: "Status",
    cell: (c) => <span className="tabular-nums">{c.row.original.status}</span>,
  },
  {
    accessorKey: "requestId",
    header: "Request id",
    cell: (c) => <code className="font-mono text-xs text-zinc-500">{c.row.original.requestId}</code>,
  },
];

export function AuditPanel() {
  const [form, setForm] = useState({ actor: "", action: "", outcome: "", from: "", to: "", q: "" });
  const deferred = useDeferredValue(form);
  const filters: AuditFilters = { ...deferred, from: toIso(deferred.from), to: toIso(deferred.to) };
  const events = useAuditEvents(filters);
  const rows = useMemo(() => events.data?.pages.flatMap((p) => p.events) ?? [], [events.data]);
  const actions = events.data?.pages[0]?.actions ?? [];
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));

  return (
    <RequireRole role="admin">
      <form
        aria-label="Audit filters"
        className="mb-4 grid gap-3 sm:grid-cols-3 lg:grid-cols-6"
        onSubmit={(e) => e.preventDefault()}
      >
        <Field label="Actor">
          <Input value={form.actor} onChange={set("actor")} placeholder="admin" />
        </Field>
        <Field label="Action">
          <Select value={form.action} onChange={set("action")}>
            <option value="">any</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Outcome">
          <Select value={form.outcome} onChange={set("outcome")}>
            <option value="">any</option>
            <option value="success">success</option>
            <option value="failure">failure</option>
            <option value="denied">denied</option>
          </Select>
        </Field>
        <Field label="From">
          <Input type="datetime-local" value={form.from} onChange={set("from")} />
        </Field>
        <Field label="To">
          <Input type="datetime-local" value={form.to} onChange={set("to")} />
        </Field>
        <Field label="Target or request id">
          <Input value={form.q} onChange={set("q")} placeholder="token:…" />
        </Field>
      </form>
      <QueryState query={events}>
        {() => (
          <>
            <DataTable
              label="Audit events"
              data={rows}
              columns={columns}
              empty="No audit events match these filters."
            />
            <div className="mt-3 flex items-center justify-between text-sm text-zinc-500">
              <span>{rows.length} event(s) shown</span>
              {events.hasNextPage && (
                <Button variant="secondary" onClick={() => events.fetchNextPage()} disabled={events.isFetchingNextPage}>
                  {events.isFetchingNextPage ? "Loading…" : "Load more"}
                </Button>
              )}
            </div>
          </>
        )}
      </QueryState>
    </RequireRole>
  );
}
