"use client";
import type { DlqMessage } from "@/server/dlq/contract";
import { dateTime } from "@/components/ui/format";
import { previewText } from "./payload-view";
import type { MessageRef } from "./queries";
import { ReplayedBadge } from "./replayed-badge";

export const keyOf = (m: MessageRef) => `${m.partition}:${m.offset}`;
export const withheld = (p: DlqMessage["value"]) => p.kind === "hidden" || p.kind === "omitted";
const dim = "italic text-zinc-500";

type Selection = Map<string, DlqMessage>;

/** One page of messages: a row opens the message, a checkbox selects it for a replay. */
export function MessagesTable({ topic, msgs, selected, onSelect, onOpen }: {
  topic: string; msgs: DlqMessage[]; selected: Selection; onSelect: (next: Selection) => void; onOpen: (ref: MessageRef) => void;
}) {
  const toggle = (m: DlqMessage) => {
    const n = new Map(selected);
    if (n.has(keyOf(m))) n.delete(keyOf(m)); else n.set(keyOf(m), m);
    onSelect(n);
  };
  const allOnPage = msgs.length > 0 && msgs.every((m) => selected.has(keyOf(m)));
  const toggleAll = () => {
    const n = new Map(selected);
    for (const m of msgs) { if (allOnPage) n.delete(keyOf(m)); else n.set(keyOf(m), m); }
    onSelect(n);
  };
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-left text-sm" aria-label={`Messages of ${topic}`}>
        <thead className="bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-900">
          <tr>
            <th className="w-8 px-3 py-2"><input type="checkbox" aria-label="Select all on this page" checked={allOnPage} onChange={toggleAll} /></th>
            <th className="px-3 py-2">P@offset</th><th className="px-3 py-2">Time</th><th className="px-3 py-2">Error</th><th className="px-3 py-2">Original topic</th><th className="px-3 py-2">Key</th><th className="px-3 py-2">Value</th>
          </tr>
        </thead>
        <tbody>
          {msgs.map((m) => (
            <tr key={keyOf(m)} className="cursor-pointer border-t border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-800/50" onClick={() => onOpen({ partition: m.partition, offset: m.offset })}>
              <td className="px-3 py-1.5" onClick={(e) => e.stopPropagation()}><input type="checkbox" aria-label={`Select ${m.partition}@${m.offset}`} checked={selected.has(keyOf(m))} onChange={() => toggle(m)} /></td>
              <td className="whitespace-nowrap px-3 py-1.5 font-mono text-xs"><button type="button" className="hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500" onClick={(e) => { e.stopPropagation(); onOpen({ partition: m.partition, offset: m.offset }); }}>{m.partition}@{m.offset}</button>{m.replays?.[0] && <ReplayedBadge mark={m.replays[0]} more={m.replays.length - 1} />}</td>
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
  );
}
