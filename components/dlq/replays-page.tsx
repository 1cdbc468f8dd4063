"use client";
import { History, Pause, Play, Square } from "lucide-react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useSession } from "@/components/auth/queries";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { dateTime, relativeTime } from "@/components/ui/format";
import { EmptyState, PageHeader, QueryState } from "@/components/ui/states";
import { hasRole } from "@/server/auth/roles";
import type { Replay, ReplayJournal } from "@/server/dlq/contract";
import type { z } from "zod";
import { useControlReplay, useJournal, useReplays } from "./queries";

const LIVE = new Set(["queued", "running", "paused"]);
const TONE: Record<Replay["state"], Tone> = { queued: "neutral", running: "blue", paused: "amber", succeeded: "green", failed: "red", cancelled: "neutral", interrupted: "amber" };

function Progress({ r }: { r: Replay }) {
  const done = r.sent + r.skipped + r.parked;
  const total = r.total ?? r.selected ?? null;
  const pct = total ? Math.min(100, Math.round((done / total) * 100)) : null;
  return (
    <div className="min-w-[8rem]">
      <div className="text-xs tabular-nums">{r.sent.toLocaleString()} sent{r.skipped ? ` · ${r.skipped} skipped` : ""}{r.parked ? ` · ${r.parked} parked` : ""}{total ? ` / ${total.toLocaleString()}` : ""}</div>
      {pct !== null && <div className="mt-1 h-1.5 rounded bg-zinc-100 dark:bg-zinc-800" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}><div className="h-1.5 rounded bg-indigo-500" style={{ width: `${pct}%` }} /></div>}
    </div>
  );
}

function Journal({ id, state }: { id: string; state: string | undefined }) {
  const j = useJournal(id, state);
  return (
    <QueryState query={j} isEmpty={(d) => d.total === 0} empty={<p className="text-xs text-zinc-500">Nothing journaled yet.</p>}>
      {(d) => <JournalTable journal={d} />}
    </QueryState>
  );
}

function JournalTable({ journal }: { journal: z.infer<typeof ReplayJournal> }) {
  return (
    <div className="max-h-80 overflow-auto">
      <p className="mb-1 text-xs text-zinc-500">{journal.total.toLocaleString()} entries{journal.total > journal.entries.length ? ` (first ${journal.entries.length} shown)` : ""}</p>
      <table className="w-full text-left text-xs" aria-label="Replay journal">
        <thead className="text-zinc-500"><tr><th>Source</th><th>Outcome</th><th>Target</th><th>Reason</th><th>At</th></tr></thead>
        <tbody>
          {journal.entries.map((e) => (
            <tr key={`${e.partition}:${e.offset}`} className="border-t border-zinc-100 dark:border-zinc-800">
              <td className="font-mono">{e.partition}@{e.offset}</td>
              <td><Badge tone={e.outcome === "sent" ? "green" : e.outcome === "parked" ? "amber" : "neutral"}>{e.outcome}</Badge></td>
              <td className="font-mono">{e.targetTopic ?? "—"}</td><td>{e.reason ?? ""}</td><td className="text-zinc-500">{dateTime(e.at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
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
  const act = (id: string, action: "pause" | "resume" | "cancel") => control.mutate({ id, action }, { onError: (e) => toast.error(e.message), onSuccess: () => toast.success(`Replay ${action === "cancel" ? "cancelling" : action === "pause" ? "pausing" : "resumed"}`) });
  return (
    <>
      <PageHeader title="Replay history" description="Every replay: who started it, when, what it covered, how many messages went where, and how it ended." actions={<Link href="/dlq" className="rounded-md px-2 py-1.5 text-sm text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800">All DLQs</Link>} />
      <QueryState query={replays} isEmpty={(d) => d.replays.length === 0} empty={<EmptyState icon={History} title="No replays yet">Open a dead-letter topic, select messages, and replay them.</EmptyState>}>
        {(d) => (
          <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
            <table className="w-full text-left text-sm" aria-label="Replays">
              <thead className="bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-900">
                <tr><th className="px-3 py-2">When</th><th className="px-3 py-2">Who</th><th className="px-3 py-2">From</th><th className="px-3 py-2">What</th><th className="px-3 py-2">To</th><th className="px-3 py-2">Progress</th><th className="px-3 py-2">State</th><th className="px-3 py-2" /></tr>
              </thead>
              <tbody>
                {d.replays.map((r) => (
                  <tr key={r.id} className={`border-t border-zinc-100 align-top dark:border-zinc-800 ${open === r.id ? "bg-indigo-50/50 dark:bg-indigo-950/30" : ""}`}>
                    <td className="whitespace-nowrap px-3 py-2 text-xs" title={dateTime(r.createdAt)}>{relativeTime(r.createdAt)}</td>
                    <td className="px-3 py-2 text-xs">{r.createdBy ?? "—"}</td>
                    <td className="px-3 py-2 font-mono text-xs"><Link className="hover:underline" href={`/dlq/topics/${encodeURIComponent(r.sourceTopic)}`}>{r.sourceTopic}</Link></td>
                    <td className="px-3 py-2 text-xs">{r.mode === "selection" ? `${r.selected} selected` : `filter ${Object.entries(r.filter ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(", ") || "(all)"}`}{r.maxMessages ? ` · at most ${r.maxMessages}` : ""} · {r.ratePerSecond}/s</td>
                    <td className="px-3 py-2 font-mono text-xs">{r.targetTopic ?? (Object.keys(r.byTarget).join(", ") || "original topics")}</td>
                    <td className="px-3 py-2"><Progress r={r} /></td>
                    <td className="px-3 py-2"><Badge tone={TONE[r.state]}>{r.state}</Badge>{r.error && <div className="mt-1 max-w-[16rem] text-xs text-red-600 dark:text-red-400">{r.error}</div>}</td>
                    <td className="whitespace-nowrap px-3 py-2 text-right">
                      {canAct && r.state === "running" && <Button size="sm" variant="ghost" aria-label="Pause" onClick={() => act(r.id, "pause")}><Pause className="size-4" /></Button>}
                      {canAct && r.state === "paused" && <Button size="sm" variant="ghost" aria-label="Resume" onClick={() => act(r.id, "resume")}><Play className="size-4" /></Button>}
                      {canAct && LIVE.has(r.state) && <Button size="sm" variant="ghost" aria-label="Cancel" onClick={() => act(r.id, "cancel")}><Square className="size-4" /></Button>}
                      <Button size="sm" variant="secondary" onClick={() => setOpen(open === r.id ? null : r.id)}>{open === r.id ? "Hide" : "Journal"}</Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
      {open && <div className="mt-4"><Card title={`Journal of replay ${open.slice(0, 8)}`}><Journal id={open} state={replays.data?.replays.find((r) => r.id === open)?.state} /></Card></div>}
    </>
  );
}
