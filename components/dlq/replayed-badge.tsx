"use client";
import { RotateCcw } from "lucide-react";
import Link from "next/link";
import { dateTime } from "@/components/ui/format";
import type { ReplayMark } from "@/server/dlq/contract";

/** "Replayed" with the replay's short id and time, linking to the replay: a message already sent back is not replayed twice by accident. */
export function ReplayedBadge({ mark, more = 0 }: { mark: ReplayMark; more?: number }) {
  const label = `Replayed by ${mark.id} at ${dateTime(mark.at)}${mark.targetTopic ? ` to ${mark.targetTopic}` : ""}${more ? ` (and ${more} earlier replay(s))` : ""}`;
  return (
    <Link
      href={`/dlq/replays?id=${mark.id}`}
      title={label}
      aria-label={label}
      data-testid="replayed-badge"
      onClick={(e) => e.stopPropagation()}
      className="mt-1 flex w-fit items-center gap-1 whitespace-nowrap rounded-full bg-violet-50 px-2 py-0.5 font-sans text-[11px] font-medium text-violet-700 ring-1 ring-inset ring-violet-600/30 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500 dark:bg-violet-950 dark:text-violet-300 dark:ring-violet-700/50"
    >
      <RotateCcw className="size-3" aria-hidden /> replayed · <span className="font-mono">{mark.id.slice(0, 8)}</span> ·{" "}
      {dateTime(mark.at)}
      {more ? ` +${more}` : ""}
    </Link>
  );
}
