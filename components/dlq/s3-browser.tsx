"use client";
import { Copy } from "lucide-react";
import Link from "next/link";
import { useCallback, useState } from "react";
import { useSession } from "@/components/auth/queries";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/states";
import { hasRole } from "@/server/auth/contract";
import type { DlqMessage } from "@/server/dlq/contract";
import { ErrorTypes, FilterForm, useBrowseState } from "./browse-filter";
import { MessageDrawer } from "./message-drawer";
import { keyOf, MessagesResult } from "./messages-table";
import { s3ExportUrl, useS3Browse, useS3Groups, type MessageRef } from "./queries";
import { ReplayDialog, type ReplaySelection } from "./replay-dialog";
import { CopyDialog, type CopySelection } from "./s3-copy-dialog";
import { ExportLink, MessagesToolbar, PageNotices, payloadAccess } from "./topic-browser";

/** An S3 dead-letter prefix, browsed like a topic: the same filter, error types, table, drawer, export and replay. */
export function S3Browser({ prefix }: { prefix: string }) {
  const role = useSession().data?.user.role ?? "viewer";
  const canReplay = hasRole(role, "operator");
  const [selected, setSelected] = useState<Map<string, DlqMessage>>(new Map());
  const state = useBrowseState(() => setSelected(new Map()));
  const { filter } = state;
  const page = useS3Browse(prefix, { ...filter, cursor: state.params.cursor, limit: state.limit });
  const groups = useS3Groups(prefix, filter);
  const [open, setOpen] = useState<MessageRef | null>(null);
  const [replay, setReplay] = useState<ReplaySelection | null>(null);
  const [copy, setCopy] = useState<CopySelection | null>(null);
  const closeDrawer = useCallback(() => setOpen(null), []);
  const access = payloadAccess(page.data);
  const name = page.data?.topic ?? `s3://…/${prefix}`;
  const opened = open ? page.data?.messages.find((m) => keyOf(m) === keyOf(open)) : null;
  const copySelected = () =>
    setCopy({
      kind: "selected",
      messages: [...selected.values()].map((m) => ({ partition: m.partition, offset: m.offset })),
    });
  return (
    <>
      <PageHeader
        title={prefix}
        description={
          <>
            S3 dead letters · <code className="font-mono text-xs">{name}</code> · objects in key order, oldest first
          </>
        }
        actions={
          <div className="flex flex-wrap gap-2">
            <Link
              href="/dlq"
              className="rounded-md px-2 py-1.5 text-sm text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
            >
              All DLQs
            </Link>
            <ExportLink href={s3ExportUrl(prefix, filter, "jsonl")} access={access} label="JSONL" />
            <ExportLink href={s3ExportUrl(prefix, filter, "csv")} access={access} label="CSV" />
          </div>
        }
      />
      <FilterForm
        state={state}
        partitions={undefined}
        positions={false}
        textLocked={access.hidden ? access.needsRole : null}
      />
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
          {canReplay && (
            <div className="mb-2 flex flex-wrap gap-2 text-sm">
              <Button size="sm" variant="secondary" disabled={selected.size === 0} onClick={copySelected}>
                <Copy className="size-4" aria-hidden /> Copy {selected.size || ""} selected to reprocess
              </Button>
              <Button size="sm" variant="secondary" onClick={() => setCopy({ kind: "filter", filter })}>
                Copy all matching to reprocess…
              </Button>
            </div>
          )}
          <PageNotices page={page.data} access={access} />
          <MessagesResult
            page={page}
            topic={name}
            noun="records"
            pendingLabel="Reading objects from S3…"
            errorTitle="Could not read the prefix"
            noMatch="No record matches this filter."
            selected={selected}
            onSelect={setSelected}
            onOpen={setOpen}
          />
        </section>
      </div>
      <MessageDrawer
        topic={name}
        target={opened ? open : null}
        message={opened}
        onClose={closeDrawer}
        payloadRole={access.payloadRole}
      />
      <ReplayDialog
        topic={name}
        prefix={prefix}
        selection={replay}
        onClose={() => setReplay(null)}
        onQueued={() => setSelected(new Map())}
      />
      <CopyDialog prefix={prefix} selection={copy} onClose={() => setCopy(null)} />
    </>
  );
}
