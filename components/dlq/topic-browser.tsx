"use client";
import type { UseQueryResult } from "@tanstack/react-query";
import { ChevronLeft, ChevronRight, Download, EyeOff, Link2, Lock, RotateCcw } from "lucide-react";
import Link from "next/link";
import { useCallback, useState, type ReactNode } from "react";
import { useSession } from "@/components/auth/queries";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import { ErrorPanel, PageHeader } from "@/components/ui/states";
import { hasRole } from "@/server/auth/contract";
import type { BrowsePage, DlqMessage } from "@/server/dlq/contract";
import { ErrorTypes, FilterForm, useBrowseState, type BrowseState } from "./browse-filter";
import { MappingsDialog } from "./mappings-dialog";
import { MessageDrawer } from "./message-drawer";
import { MessagesResult, withheld } from "./messages-table";
import { formatBytes } from "./payload-view";
import { exportUrl, useBrowse, useDlqTopic, useGroups, type MessageRef } from "./queries";
import { ReplayDialog, type ReplaySelection } from "./replay-dialog";

const NOTICE_TONES = {
  amber: "border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200",
  neutral: "border-zinc-200 bg-zinc-50 text-zinc-700 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300",
};

function Notice({
  tone,
  icon: Icon,
  children,
}: {
  tone: keyof typeof NOTICE_TONES;
  icon: typeof Lock;
  children: ReactNode;
}) {
  return (
    <p
      role="status"
      className={`mb-2 flex items-start gap-2 rounded-md border px-3 py-2 text-sm ${NOTICE_TONES[tone]}`}
    >
      <Icon className="mt-0.5 size-4 shrink-0" aria-hidden />
      <span>{children}</span>
    </p>
  );
}
/** Below NEXUS_DLQ_PAYLOAD_ROLE the API sends metadata only, and refuses exports and text searches. */
export type PayloadAccess = { hidden: boolean; payloadRole: string | undefined; needsRole: string };

export function payloadAccess(page: BrowsePage | undefined): PayloadAccess {
  const payloadRole = page?.payloadRole;
  return { hidden: page?.payloads === "hidden", payloadRole, needsRole: `Needs the ${payloadRole ?? "required"} role` };
}

export function TopicBrowser({ topic }: { topic: string }) {
  const role = useSession().data?.user.role ?? "viewer";
  const canReplay = hasRole(role, "operator");
  const summary = useDlqTopic(topic);
  const [selected, setSelected] = useState<Map<string, DlqMessage>>(new Map());
  const state = useBrowseState(() => setSelected(new Map()));
  const page = useBrowse(topic, state.params);
  const groups = useGroups(topic, state.filter);
  const [open, setOpen] = useState<MessageRef | null>(null);
  const [replay, setReplay] = useState<ReplaySelection | null>(null);
  const [mappingsOpen, setMappingsOpen] = useState(false);
  const closeDrawer = useCallback(() => setOpen(null), []);
  const access = payloadAccess(page.data);
  const s = summary.data;
  return (
    <>
      <PageHeader
        title={topic}
        description={
          s
            ? `${s.messages.toLocaleString()} messages in ${s.partitions.length} partitions · +${s.growthLastHour.toLocaleString()} in the last hour`
            : summary.isError
              ? undefined
              : "Reading…"
        }
        actions={
          <div className="flex flex-wrap gap-2">
            <Link
              href="/dlq"
              className="rounded-md px-2 py-1.5 text-sm text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
            >
              All DLQs
            </Link>
            <Button variant="secondary" size="sm" onClick={() => setMappingsOpen(true)}>
              <Link2 className="size-4" aria-hidden /> Source mapping
            </Button>
            <ExportLink href={exportUrl(topic, state.filter, "jsonl")} access={access} label="JSONL" />
            <ExportLink href={exportUrl(topic, state.filter, "csv")} access={access} label="CSV" />
          </div>
        }
      />
      {summary.isError && (
        <div className="mb-4">
          <ErrorPanel error={summary.error} title="Topic unavailable" />
        </div>
      )}
      <FilterForm state={state} partitions={s?.partitions} textLocked={access.hidden ? access.needsRole : null} />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[16rem_1fr]">
        <ErrorTypes groups={groups} state={state} />
        <section aria-label="Messages" className="min-w-0">
          <MessagesToolbar
            page={page}
            state={state}
            selected={selected}
            onClear={() => setSelected(new Map())}
            onReplay={canReplay ? setReplay : null}
          />
          <PageNotices page={page.data} access={access} />
          <MessagesResult
            page={page}
            topic={topic}
            noun="messages"
            pendingLabel="Reading messages…"
            errorTitle="Could not read the topic"
            noMatch="Nothing here for this position and filter."
            selected={selected}
            onSelect={setSelected}
            onOpen={setOpen}
          />
        </section>
      </div>
      <MessageDrawer topic={topic} target={open} onClose={closeDrawer} payloadRole={access.payloadRole} />
      <ReplayDialog
        topic={topic}
        selection={replay}
        onClose={() => setReplay(null)}
        onQueued={() => setSelected(new Map())}
      />
      <MappingsDialog topic={topic} open={mappingsOpen} onClose={() => setMappingsOpen(false)} canEdit={canReplay} />
    </>
  );
}

export function ExportLink({ href, access, label }: { href: string; access: PayloadAccess; label: string }) {
  if (access.hidden) {
    return (
      <span
        aria-disabled="true"
        title={`${access.needsRole}: an export holds message contents`}
        className="inline-flex cursor-not-allowed items-center gap-1 rounded-md border border-zinc-200 px-2.5 py-1 text-sm text-zinc-400 dark:border-zinc-800 dark:text-zinc-600"
      >
        <Lock className="size-4" aria-hidden /> {label}
      </span>
    );
  }
  return (
    <a
      className="inline-flex items-center gap-1 rounded-md border border-zinc-300 px-2.5 py-1 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
      href={href}
    >
      <Download className="size-4" aria-hidden /> {label}
    </a>
  );
}

/** Replay buttons (operators: `onReplay`), selection, page size and paging. */
export function MessagesToolbar({
  page,
  state,
  selected,
  onClear,
  onReplay,
}: {
  page: UseQueryResult<BrowsePage>;
  state: BrowseState;
  selected: Map<string, DlqMessage>;
  onClear: () => void;
  onReplay: ((s: ReplaySelection) => void) | null;
}) {
  const replaySelected = () =>
    onReplay?.({
      kind: "selected",
      messages: [...selected.values()].map((m) => ({ partition: m.partition, offset: m.offset })),
      replayed: [...selected.values()].filter((m) => m.replays?.length).length,
    });
  return (
    <div className="mb-2 flex flex-wrap items-center gap-2 text-sm">
      {onReplay && (
        <>
          <Button size="sm" disabled={selected.size === 0} onClick={replaySelected}>
            <RotateCcw className="size-4" aria-hidden /> Replay {selected.size || ""} selected
          </Button>
          <Button size="sm" variant="secondary" onClick={() => onReplay({ kind: "filter", filter: state.filter })}>
            Replay all matching…
          </Button>
        </>
      )}
      {selected.size > 0 && (
        <Button size="sm" variant="ghost" onClick={onClear}>
          Clear selection
        </Button>
      )}
      <span className="ml-auto flex items-center gap-2">
        {page.isFetching && <span className="text-xs text-zinc-500">Loading…</span>}
        <Select
          aria-label="Page size"
          className="h-8 w-24"
          value={state.limit}
          onChange={(e) => state.pageSize(Number(e.target.value))}
        >
          {[25, 50, 100, 200].map((n) => (
            <option key={n} value={n}>
              {n} / page
            </option>
          ))}
        </Select>
        <Button
          size="sm"
          variant="secondary"
          aria-label="Previous page"
          disabled={!page.data?.prev}
          onClick={() => state.setCursor(page.data!.prev!)}
        >
          <ChevronLeft className="size-4" />
        </Button>
        <Button
          size="sm"
          variant="secondary"
          aria-label="Next page"
          disabled={!page.data?.next}
          onClick={() => state.setCursor(page.data!.next!)}
        >
          <ChevronRight className="size-4" />
        </Button>
      </span>
    </div>
  );
}

export function PageNotices({ page, access }: { page: BrowsePage | undefined; access: PayloadAccess }) {
  return (
    <>
      {access.hidden && (
        <Notice tone="amber" icon={Lock}>
          <strong>Payloads hidden:</strong> reading keys, values and headers needs the {access.payloadRole} role. You
          see each message&apos;s metadata, sizes and error; export and text search are off.
        </Notice>
      )}
      {page?.payloadCapped && (
        <Notice tone="neutral" icon={EyeOff}>
          This page reached its preview limit ({formatBytes(page.payloadBytes)}):{" "}
          {page.messages.filter((m) => withheld(m.value)).length} message(s) are listed without a preview. Open one to
          see it, or show fewer per page.
        </Notice>
      )}
    </>
  );
}
