"use client";
import { ChevronLeft, ChevronRight, Download, EyeOff, Link2, Lock, RotateCcw, Search, X } from "lucide-react";
import Link from "next/link";
import { useCallback, useMemo, useState, type ReactNode } from "react";
import { useSession } from "@/components/auth/queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { dateTime } from "@/components/ui/format";
import { EmptyState, ErrorPanel, PageHeader, Spinner } from "@/components/ui/states";
import { hasRole } from "@/server/auth/roles";
import type { DlqMessage, MessageFilter } from "@/server/dlq/contract";
import { MappingsDialog } from "./mappings-dialog";
import { MessageDrawer } from "./message-drawer";
import { formatBytes, previewText } from "./payload-view";
import { exportUrl, useBrowse, useDlqTopic, useGroups, type BrowseParams } from "./queries";
import { ReplayDialog, type ReplaySelection } from "./replay-dialog";
import { ReplayedBadge } from "./replayed-badge";

type From = BrowseParams["from"];
const keyOf = (m: { partition: number; offset: string }) => `${m.partition}:${m.offset}`;
const withheld = (p: DlqMessage["value"]) => p.kind === "hidden" || p.kind === "omitted";
const dim = "italic text-zinc-500";

const NOTICE_TONES = {
  amber: "border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200",
  neutral: "border-zinc-200 bg-zinc-50 text-zinc-700 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300",
};

function Notice({ tone, icon: Icon, children }: { tone: keyof typeof NOTICE_TONES; icon: typeof Lock; children: ReactNode }) {
  return (
    <p role="status" className={`mb-2 flex items-start gap-2 rounded-md border px-3 py-2 text-sm ${NOTICE_TONES[tone]}`}>
      <Icon className="mt-0.5 size-4 shrink-0" aria-hidden />
      <span>{children}</span>
    </p>
  );
}
/** datetime-local value → ISO with zone. */
const toIso = (v: string) => (v ? new Date(v).toISOString() : undefined);

export function TopicBrowser({ topic }: { topic: string }) {
  const role = useSession().data?.user.role ?? "viewer";
  const canReplay = hasRole(role, "operator");
  const summary = useDlqTopic(topic);

  // The form's draft, applied with "Apply" (or Enter) so typing does not fire a request per key.
  const [draft, setDraft] = useState({ partition: "", from: "latest" as From, offset: "", timestamp: "", errorClass: "", originalTopic: "", text: "", since: "", until: "" });
  const [applied, setApplied] = useState(draft);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [limit, setLimit] = useState(50);
  const filter: MessageFilter = useMemo(() => ({
    partition: applied.partition === "" ? undefined : Number(applied.partition),
    errorClass: applied.errorClass || undefined, originalTopic: applied.originalTopic || undefined, text: applied.text || undefined,
    since: toIso(applied.since), until: toIso(applied.until),
  }), [applied]);
  const params: BrowseParams = {
    ...filter, from: applied.from, offset: applied.from === "offset" ? applied.offset || "0" : undefined,
    timestamp: applied.from === "timestamp" ? toIso(applied.timestamp) : undefined, cursor, limit,
  };
  const page = useBrowse(topic, params);
  const groups = useGroups(topic, filter);
  const [selected, setSelected] = useState<Map<string, DlqMessage>>(new Map());
  const [open, setOpen] = useState<{ partition: number; offset: string } | null>(null);
  const [replay, setReplay] = useState<ReplaySelection | null>(null);
  const [mappingsOpen, setMappingsOpen] = useState(false);
  const closeDrawer = useCallback(() => setOpen(null), []);

  const apply = (next = draft) => { setApplied(next); setCursor(undefined); setSelected(new Map()); };
  const toggle = (m: DlqMessage) => {
    const n = new Map(selected);
    if (n.has(keyOf(m))) n.delete(keyOf(m)); else n.set(keyOf(m), m);
    setSelected(n);
  };
  const msgs = page.data?.messages ?? [];
  // Below NEXUS_DLQ_PAYLOAD_ROLE the API sends metadata only, and refuses exports and text searches.
  const hidden = page.data?.payloads === "hidden";
  const payloadRole = page.data?.payloadRole;
  const needsRole = `Needs the ${payloadRole ?? "required"} role`;
  const exportLink = (format: "jsonl" | "csv", label: string) => (hidden ? (
    <span
      aria-disabled="true" title={`${needsRole}: an export holds message contents`}
      className="inline-flex cursor-not-allowed items-center gap-1 rounded-md border border-zinc-200 px-2.5 py-1 text-sm text-zinc-400 dark:border-zinc-800 dark:text-zinc-600"
    >
      <Lock className="size-4" aria-hidden /> {label}
    </span>
  ) : (
    <a className="inline-flex items-center gap-1 rounded-md border border-zinc-300 px-2.5 py-1 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800" href={exportUrl(topic, filter, format)}>
      <Download className="size-4" aria-hidden /> {label}
    </a>
  ));
  const allOnPage = msgs.length > 0 && msgs.every((m) => selected.has(keyOf(m)));

  return (
    <>
      <PageHeader
        title={topic}
        description={summary.data ? `${summary.data.messages.toLocaleString()} messages in ${summary.data.partitions.length} partitions · +${summary.data.growthLastHour.toLocaleString()} in the last hour` : summary.isError ? undefined : "Reading…"}
        actions={
          <div className="flex flex-wrap gap-2">
            <Link href="/dlq" className="rounded-md px-2 py-1.5 text-sm text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800">All DLQs</Link>
            <Button variant="secondary" size="sm" onClick={() => setMappingsOpen(true)}><Link2 className="size-4" aria-hidden /> Source mapping</Button>
            {exportLink("jsonl", "JSONL")}
            {exportLink("csv", "CSV")}
          </div>
        }
      />
      {summary.isError && <div className="mb-4"><ErrorPanel error={summary.error} title="Topic unavailable" /></div>}

      <form className="mb-4 grid grid-cols-[repeat(auto-fill,minmax(min(15rem,100%),1fr))] gap-3 rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900" onSubmit={(e) => { e.preventDefault(); apply(); }} aria-label="Browse and filter">
        <Field label="Partition">
          <Select value={draft.partition} onChange={(e) => setDraft({ ...draft, partition: e.target.value })}>
            <option value="">All</option>
            {summary.data?.partitions.map((p) => <option key={p.partition} value={p.partition}>{p.partition} ({p.messages})</option>)}
          </Select>
        </Field>
        <Field label="From">
          <Select value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value as From })}>
            <option value="latest">Latest</option><option value="earliest">Earliest</option><option value="offset">Offset</option><option value="timestamp">Time</option>
          </Select>
        </Field>
        {draft.from === "offset" && <Field label="Offset"><Input inputMode="numeric" value={draft.offset} onChange={(e) => setDraft({ ...draft, offset: e.target.value.replace(/\D/g, "") })} /></Field>}
        {draft.from === "timestamp" && <Field label="At"><Input type="datetime-local" step={1} value={draft.timestamp} onChange={(e) => setDraft({ ...draft, timestamp: e.target.value })} /></Field>}
        <Field label="Text">
          <Input
            placeholder={hidden ? needsRole : "in key, value, headers"} title={hidden ? `${needsRole}: it searches contents` : undefined} disabled={hidden}
            value={draft.text} onChange={(e) => setDraft({ ...draft, text: e.target.value })}
          />
        </Field>
        <Field label="Error class"><Input value={draft.errorClass} onChange={(e) => setDraft({ ...draft, errorClass: e.target.value })} /></Field>
        <Field label="Original topic"><Input value={draft.originalTopic} onChange={(e) => setDraft({ ...draft, originalTopic: e.target.value })} /></Field>
        <Field label="Since"><Input type="datetime-local" value={draft.since} onChange={(e) => setDraft({ ...draft, since: e.target.value })} /></Field>
        <Field label="Until"><Input type="datetime-local" value={draft.until} onChange={(e) => setDraft({ ...draft, until: e.target.value })} /></Field>
        <div className="col-span-full flex items-end gap-2">
          <Button type="submit" size="sm"><Search className="size-4" aria-hidden /> Apply</Button>
          <Button type="button" variant="ghost" size="sm" onClick={() => { const empty = { partition: "", from: "latest" as From, offset: "", timestamp: "", errorClass: "", originalTopic: "", text: "", since: "", until: "" }; setDraft(empty); apply(empty); }}><X className="size-4" aria-hidden /> Reset</Button>
        </div>
      </form>

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[16rem_1fr]">
        <aside aria-label="Error types" className="rounded-lg border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900">
          <h2 className="mb-2 text-xs font-semibold uppercase tracking-wide text-zinc-500">Error types</h2>
          {groups.isPending ? <Spinner /> : groups.isError ? <p className="text-xs text-red-600">{groups.error.message}</p> : groups.data.groups.length === 0 ? <p className="text-xs text-zinc-500">No messages match.</p> : (
            <ul className="space-y-1">
              {groups.data.groups.map((g) => (
                <li key={g.value ?? "(none)"}>
                  <button type="button" onClick={() => { const next = { ...draft, errorClass: g.value ?? "(none)" }; setDraft(next); apply(next); }}
                    className={`flex w-full items-center justify-between gap-2 rounded px-2 py-1 text-left hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-zinc-800 ${applied.errorClass === (g.value ?? "(none)") ? "bg-indigo-50 dark:bg-indigo-950" : ""}`}>
                    <span className="truncate font-mono text-xs" title={g.value ?? "(none)"}>{(g.value ?? "(none)").split(".").at(-1)}</span>
                    <Badge tone="red">{g.count}</Badge>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {groups.data?.scanLimited && <p className="mt-2 text-xs text-amber-600">Counted the first {groups.data.scanned.toLocaleString()} messages only.</p>}
        </aside>

        <section aria-label="Messages" className="min-w-0">
          <div className="mb-2 flex flex-wrap items-center gap-2 text-sm">
            {canReplay && (
              <>
                <Button size="sm" disabled={selected.size === 0} onClick={() => setReplay({ kind: "selected", messages: [...selected.values()].map((m) => ({ partition: m.partition, offset: m.offset })), replayed: [...selected.values()].filter((m) => m.replays?.length).length })}>
                  <RotateCcw className="size-4" aria-hidden /> Replay {selected.size || ""} selected
                </Button>
                <Button size="sm" variant="secondary" onClick={() => setReplay({ kind: "filter", filter })}>Replay all matching…</Button>
              </>
            )}
            {selected.size > 0 && <Button size="sm" variant="ghost" onClick={() => setSelected(new Map())}>Clear selection</Button>}
            <span className="ml-auto flex items-center gap-2">
              {page.isFetching && <span className="text-xs text-zinc-500">Loading…</span>}
              <Select aria-label="Page size" className="h-8 w-24" value={limit} onChange={(e) => { setLimit(Number(e.target.value)); setCursor(undefined); }}>
                {[25, 50, 100, 200].map((n) => <option key={n} value={n}>{n} / page</option>)}
              </Select>
              <Button size="sm" variant="secondary" aria-label="Previous page" disabled={!page.data?.prev} onClick={() => setCursor(page.data!.prev!)}><ChevronLeft className="size-4" /></Button>
              <Button size="sm" variant="secondary" aria-label="Next page" disabled={!page.data?.next} onClick={() => setCursor(page.data!.next!)}><ChevronRight className="size-4" /></Button>
            </span>
          </div>
          {hidden && (
            <Notice tone="amber" icon={Lock}>
              <strong>Payloads hidden:</strong> reading keys, values and headers needs the {payloadRole} role. You see each message&apos;s metadata,
              sizes and error; export and text search are off.
            </Notice>
          )}
          {page.data?.payloadCapped && (
            <Notice tone="neutral" icon={EyeOff}>
              This page reached its preview limit ({formatBytes(page.data.payloadBytes)}): {msgs.filter((m) => withheld(m.value)).length} message(s) are
              listed without a preview. Open one to see it, or show fewer per page.
            </Notice>
          )}
          {page.isPending ? <Spinner label="Reading messages…" /> : page.isError ? <ErrorPanel error={page.error} title="Could not read the topic" /> : msgs.length === 0 ? (
            <EmptyState icon={Search} title="No messages">{page.data.scanLimited ? `No match in the ${page.data.scanned.toLocaleString()} messages read; page on to read further.` : "Nothing here for this position and filter."}</EmptyState>
          ) : (
            <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
              <table className="w-full text-left text-sm" aria-label={`Messages of ${topic}`}>
                <thead className="bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-900">
                  <tr>
                    <th className="w-8 px-3 py-2"><input type="checkbox" aria-label="Select all on this page" checked={allOnPage} onChange={() => { const n = new Map(selected); for (const m of msgs) { if (allOnPage) n.delete(keyOf(m)); else n.set(keyOf(m), m); } setSelected(n); }} /></th>
                    <th className="px-3 py-2">P@offset</th><th className="px-3 py-2">Time</th><th className="px-3 py-2">Error</th><th className="px-3 py-2">Original topic</th><th className="px-3 py-2">Key</th><th className="px-3 py-2">Value</th>
                  </tr>
                </thead>
                <tbody>
                  {msgs.map((m) => (
                    <tr key={keyOf(m)} className="cursor-pointer border-t border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-800/50" onClick={() => setOpen({ partition: m.partition, offset: m.offset })}>
                      <td className="px-3 py-1.5" onClick={(e) => e.stopPropagation()}><input type="checkbox" aria-label={`Select ${m.partition}@${m.offset}`} checked={selected.has(keyOf(m))} onChange={() => toggle(m)} /></td>
                      <td className="whitespace-nowrap px-3 py-1.5 font-mono text-xs"><button type="button" className="hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500" onClick={(e) => { e.stopPropagation(); setOpen({ partition: m.partition, offset: m.offset }); }}>{m.partition}@{m.offset}</button>{m.replays?.[0] && <ReplayedBadge mark={m.replays[0]} more={m.replays.length - 1} />}</td>
                      <td className="whitespace-nowrap px-3 py-1.5 text-xs text-zinc-500">{dateTime(m.timestamp)}</td>
                      <td className="max-w-[14rem] px-3 py-1.5 text-xs"><span className="font-mono text-rose-700 dark:text-rose-300" title={m.error.errorClass ?? ""}>{m.error.errorClass?.split(".").at(-1) ?? "—"}</span><div className="truncate text-zinc-500" title={m.error.message ?? ""}>{m.error.message}</div></td>
                      <td className="max-w-[10rem] truncate px-3 py-1.5 font-mono text-xs">{m.error.originalTopic ?? <span className="text-zinc-400">unknown</span>}</td>
                      <td className={`max-w-[10rem] truncate px-3 py-1.5 font-mono text-xs ${withheld(m.key) ? dim : ""}`}>{previewText(m.key, 30)}</td>
                      <td className={`w-full max-w-0 min-w-[8rem] truncate px-3 py-1.5 font-mono text-xs ${withheld(m.value) ? dim : ""}`}>{previewText(m.value)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
      <MessageDrawer topic={topic} target={open} onClose={closeDrawer} payloadRole={payloadRole} />
      <ReplayDialog topic={topic} selection={replay} onClose={() => setReplay(null)} onQueued={() => setSelected(new Map())} />
      <MappingsDialog topic={topic} open={mappingsOpen} onClose={() => setMappingsOpen(false)} canEdit={canReplay} />
    </>
  );
}
