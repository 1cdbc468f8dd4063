"use client";
import Link from "next/link";
import { Badge, type Tone } from "@/components/ui/badge";
import { dateTime, formatNumber } from "@/components/ui/format";
import type { RunNode } from "@/server/lineage/contract";

export const stateTone = (state: string): Tone =>
  state === "COMPLETE" ? "green" : state === "FAIL" || state === "ABORT" ? "red" : "blue";

const BAR: Record<Tone, string> = {
  green: "bg-emerald-500 dark:bg-emerald-400",
  red: "bg-red-500 dark:bg-red-400",
  blue: "bg-sky-500 dark:bg-sky-400",
  amber: "bg-amber-500",
  violet: "bg-violet-500",
  neutral: "bg-zinc-400",
};

type Span = { from: number; to: number };

/** Each run's span in ms; a run still going (no end) reaches `now`, one without a start begins where it ends. */
function spanOf(r: RunNode, now: number): Span | null {
  const from = r.startedAt ? Date.parse(r.startedAt) : null;
  const to = r.endedAt ? Date.parse(r.endedAt) : from !== null ? now : null;
  if (from === null && to === null) return null;
  return { from: from ?? to!, to: to ?? from! };
}

function envelope(spans: (Span | null)[]): Span | null {
  const known = spans.filter((s): s is Span => s !== null);
  if (!known.length) return null;
  return { from: Math.min(...known.map((s) => s.from)), to: Math.max(...known.map((s) => s.to)) };
}

/** A parent as its timeline shows it: from the first start to the last end among it and its children. */
export function treeSpan(root: RunNode, children: RunNode[], now = Date.now()) {
  const e = envelope([root, ...children].map((r) => spanOf(r, now)));
  return e ? { startedAt: new Date(e.from).toISOString(), seconds: (e.to - e.from) / 1000 } : null;
}

/** dbt's node ids: `model.<project>.<name>`, `test.<project>.<name>.<hash>` (dbt-ol names its jobs by them). */
const DBT_NODE = /^(model|test|seed|snapshot|source)\.[^.]+\.(.+)$/;

/**
 * A child's name as the timeline labels it: without its parent's job name in front (the DAG's before each task's),
 * a dbt node without its project, its kind apart (`model`, `bronze_orders`). The label stays part of the whole
 * name, which the link's title shows.
 */
function shortName(job: string, parentJob: string): { kind: string | null; name: string } {
  if (job.startsWith(`${parentJob}.`)) return { kind: null, name: job.slice(parentJob.length + 1) };
  const dbt = DBT_NODE.exec(job);
  return dbt ? { kind: dbt[1]!, name: dbt[2]! } : { kind: null, name: job };
}

/** The label of the axis: seconds from the first start, or minutes when the whole span is long. */
function offsetLabel(ms: number, total: number): string {
  return total >= 180_000
    ? `+${formatNumber(ms / 60_000, { digits: 1 })} min`
    : `+${formatNumber(ms / 1000, { digits: 1 })} s`;
}

/** One run: its name (a link, for a child), state and duration, and its bar on the shared axis. */
function TimelineRow(p: {
  run: RunNode;
  isRoot: boolean;
  rootName: string;
  span: Span | null;
  t0: number;
  total: number;
}) {
  const { run: r, span: s } = p;
  const left = s ? ((s.from - p.t0) / p.total) * 100 : 0;
  const width = s ? Math.max(0.6, ((s.to - s.from) / p.total) * 100) : 0;
  const full = (r.job ?? r.jobId).split("/").pop() ?? r.id;
  const { kind, name } = p.isRoot ? { kind: null, name: full } : shortName(full, p.rootName);
  const seconds = p.isRoot && s ? (s.to - s.from) / 1000 : r.durationSeconds;
  return (
    <li
      className="grid grid-cols-1 items-center gap-x-3 gap-y-1 md:grid-cols-[minmax(10rem,22rem)_1fr]"
      data-testid="timeline-row"
    >
      <div className="flex min-w-0 items-center gap-2 text-xs">
        {p.isRoot ? (
          <span className="truncate font-mono font-semibold" title={r.job ?? r.id}>
            {name}
          </span>
        ) : (
          <>
            {kind && <span className="shrink-0 text-zinc-500 dark:text-zinc-400">{kind}</span>}
            <Link
              className="truncate font-mono text-indigo-700 hover:underline dark:text-indigo-300"
              href={`/lineage/runs/${r.id}`}
              title={r.job ?? r.id}
            >
              {name}
            </Link>
          </>
        )}
        <Badge tone={stateTone(r.state)}>{r.state}</Badge>
        <span className="ml-auto shrink-0 tabular-nums text-zinc-500 dark:text-zinc-400">
          {formatNumber(seconds, { digits: 1, unit: "s" })}
        </span>
      </div>
      <div className="relative h-4 rounded bg-zinc-100 dark:bg-zinc-800">
        {s && (
          <div
            className={`absolute inset-y-0 rounded ${BAR[stateTone(r.state)]} ${r.endedAt ? "" : "opacity-60"}`}
            style={{ left: `${left}%`, width: `${Math.min(width, 100 - left)}%` }}
            title={`${dateTime(r.startedAt)} – ${r.endedAt ? dateTime(r.endedAt) : "running"}`}
          />
        )}
      </div>
    </li>
  );
}

/**
 * A Gantt-style timeline: the run on top, its children under it, each bar placed by start and end on one shared
 * axis, coloured by state. Each label links to that run's page. Plain HTML bars: they resize with the card.
 */
export function RunTimeline({
  root,
  children,
  now = Date.now(),
}: {
  root: RunNode;
  children: RunNode[];
  now?: number;
}) {
  const rows = [root, ...children];
  const spans = rows.map((r) => spanOf(r, now));
  // The parent's bar covers its children: a DAG run seen without its START (airflow dags test) still spans its tasks.
  spans[0] = envelope(spans);
  const known = spans.filter((s): s is Span => s !== null);
  if (!known.length) return <p className="text-sm text-zinc-500">No run here reported a start or an end time.</p>;
  const t0 = Math.min(...known.map((s) => s.from));
  const total = Math.max(1, Math.max(...known.map((s) => s.to)) - t0);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const rootName = (root.job ?? root.jobId).split("/").pop() ?? root.id;
  return (
    <figure aria-label={`Timeline of ${children.length} child runs`}>
      <ol className="space-y-2">
        {rows.map((r, i) => (
          <TimelineRow
            key={r.id}
            run={r}
            isRoot={i === 0}
            rootName={rootName}
            span={spans[i] ?? null}
            t0={t0}
            total={total}
          />
        ))}
      </ol>
      <div className="mt-2 hidden grid-cols-[minmax(10rem,22rem)_1fr] gap-x-3 md:grid" aria-hidden>
        <span />
        <div className="relative h-4 text-[10px] text-zinc-500 dark:text-zinc-400">
          {ticks.map((t) => (
            <span
              key={t}
              className="absolute whitespace-nowrap tabular-nums"
              style={t === 1 ? { right: 0 } : { left: `${t * 100}%` }}
            >
              {offsetLabel(t * total, total)}
            </span>
          ))}
        </div>
      </div>
      <figcaption className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
        From {dateTime(new Date(t0).toISOString())}, over {offsetLabel(total, total).slice(1)}.
      </figcaption>
    </figure>
  );
}
