"use client";
import type { UseQueryResult } from "@tanstack/react-query";
import { Search, X } from "lucide-react";
import { useMemo, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { QueryState } from "@/components/ui/states";
import type { GroupResult, MessageFilter, TopicSummary } from "@/server/dlq/contract";
import type { BrowseParams } from "./queries";

type From = BrowseParams["from"];
type Draft = {
  partition: string;
  from: From;
  offset: string;
  timestamp: string;
  errorClass: string;
  originalTopic: string;
  text: string;
  since: string;
  until: string;
};
const EMPTY_DRAFT: Draft = {
  partition: "",
  from: "latest",
  offset: "",
  timestamp: "",
  errorClass: "",
  originalTopic: "",
  text: "",
  since: "",
  until: "",
};

/** datetime-local value → ISO with zone. */
const toIso = (v: string) => (v ? new Date(v).toISOString() : undefined);

/**
 * The browse form's draft, applied with "Apply" (or Enter) so typing does not fire a request per key, and the page
 * position (cursor, page size) it resets. `onApply` runs with each apply (the page clears its selection).
 */
export function useBrowseState(onApply: () => void) {
  const [draft, setDraft] = useState(EMPTY_DRAFT);
  const [applied, setApplied] = useState(draft);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [limit, setLimit] = useState(50);
  const filter: MessageFilter = useMemo(
    () => ({
      partition: applied.partition === "" ? undefined : Number(applied.partition),
      errorClass: applied.errorClass || undefined,
      originalTopic: applied.originalTopic || undefined,
      text: applied.text || undefined,
      since: toIso(applied.since),
      until: toIso(applied.until),
    }),
    [applied],
  );
  const params: BrowseParams = {
    ...filter,
    from: applied.from,
    offset: applied.from === "offset" ? applied.offset || "0" : undefined,
    timestamp: applied.from === "timestamp" ? toIso(applied.timestamp) : undefined,
    cursor,
    limit,
  };
  const apply = (next = draft) => {
    setApplied(next);
    setCursor(undefined);
    onApply();
  };
  const pageSize = (n: number) => {
    setLimit(n);
    setCursor(undefined);
  };
  return { draft, setDraft, applied, apply, filter, params, limit, pageSize, setCursor };
}

export type BrowseState = ReturnType<typeof useBrowseState>;

export function FilterForm({
  state,
  partitions,
  textLocked,
  positions = true,
}: {
  state: BrowseState;
  partitions: TopicSummary["partitions"] | undefined;
  textLocked: string | null;
  /** Partition and start position: a Kafka topic's; an S3 prefix pages from its first object. */
  positions?: boolean;
}) {
  const { draft, setDraft, apply } = state;
  return (
    <form
      className="mb-4 grid grid-cols-[repeat(auto-fill,minmax(min(15rem,100%),1fr))] gap-3 rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
      aria-label="Browse and filter"
    >
      {positions && (
        <>
          <Field label="Partition">
            <Select value={draft.partition} onChange={(e) => setDraft({ ...draft, partition: e.target.value })}>
              <option value="">All</option>
              {partitions?.map((p) => (
                <option key={p.partition} value={p.partition}>
                  {p.partition} ({p.messages})
                </option>
              ))}
            </Select>
          </Field>
          <Field label="From">
            <Select value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value as From })}>
              <option value="latest">Latest</option>
              <option value="earliest">Earliest</option>
              <option value="offset">Offset</option>
              <option value="timestamp">Time</option>
            </Select>
          </Field>
        </>
      )}
      {draft.from === "offset" && (
        <Field label="Offset">
          <Input
            inputMode="numeric"
            value={draft.offset}
            onChange={(e) => setDraft({ ...draft, offset: e.target.value.replace(/\D/g, "") })}
          />
        </Field>
      )}
      {draft.from === "timestamp" && (
        <Field label="At">
          <Input
            type="datetime-local"
            step={1}
            value={draft.timestamp}
            onChange={(e) => setDraft({ ...draft, timestamp: e.target.value })}
          />
        </Field>
      )}
      <Field label="Text">
        <Input
          placeholder={textLocked ?? "in key, value, headers"}
          title={textLocked ? `${textLocked}: it searches contents` : undefined}
          disabled={textLocked !== null}
          value={draft.text}
          onChange={(e) => setDraft({ ...draft, text: e.target.value })}
        />
      </Field>
      <Field label="Error class">
        <Input value={draft.errorClass} onChange={(e) => setDraft({ ...draft, errorClass: e.target.value })} />
      </Field>
      <Field label="Original topic">
        <Input value={draft.originalTopic} onChange={(e) => setDraft({ ...draft, originalTopic: e.target.value })} />
      </Field>
      <Field label="Since">
        <Input
          type="datetime-local"
          value={draft.since}
          onChange={(e) => setDraft({ ...draft, since: e.target.value })}
        />
      </Field>
      <Field label="Until">
        <Input
          type="datetime-local"
          value={draft.until}
          onChange={(e) => setDraft({ ...draft, until: e.target.value })}
        />
      </Field>
      <div className="col-span-full flex items-end gap-2">
        <Button type="submit" size="sm">
          <Search className="size-4" aria-hidden /> Apply
        </Button>
        <Button
          type="button"
          variant="ghost"
          size="sm"
          onClick={() => {
            setDraft(EMPTY_DRAFT);
            apply(EMPTY_DRAFT);
          }}
        >
          <X className="size-4" aria-hidden /> Reset
        </Button>
      </div>
    </form>
  );
}

/** Message counts per error class; a click filters on one. */
export function ErrorTypes({ groups, state }: { groups: UseQueryResult<GroupResult>; state: BrowseState }) {
  const { draft, setDraft, applied, apply } = state;
  return (
    <aside
      aria-label="Error types"
      className="rounded-lg border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 className="mb-2 text-xs font-semibold uppercase tracking-wide text-zinc-500">Error types</h2>
      <QueryState
        query={groups}
        error={(e) => <p className="text-xs text-red-600">{e.message}</p>}
        isEmpty={(d) => d.groups.length === 0}
        empty={<p className="text-xs text-zinc-500">No messages match.</p>}
      >
        {(d) => (
          <ul className="space-y-1">
            {d.groups.map((g) => (
              <li key={g.value ?? "(none)"}>
                <button
                  type="button"
                  onClick={() => {
                    const next = { ...draft, errorClass: g.value ?? "(none)" };
                    setDraft(next);
                    apply(next);
                  }}
                  className={`flex w-full items-center justify-between gap-2 rounded px-2 py-1 text-left hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-zinc-800 ${applied.errorClass === (g.value ?? "(none)") ? "bg-indigo-50 dark:bg-indigo-950" : ""}`}
                >
                  <span className="truncate font-mono text-xs" title={g.value ?? "(none)"}>
                    {(g.value ?? "(none)").split(".").at(-1)}
                  </span>
                  <Badge tone="red">{g.count}</Badge>
                </button>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
      {groups.data?.scanLimited && (
        <p className="mt-2 text-xs text-amber-600">
          Counted the first {groups.data.scanned.toLocaleString()} messages only.
        </p>
      )}
    </aside>
  );
}
