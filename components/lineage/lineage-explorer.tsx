"use client";
import { Workflow } from "lucide-react";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Field, Input, Select } from "@/components/ui/field";
import { relativeTime } from "@/components/ui/format";
import { EmptyState, PageHeader, QueryState } from "@/components/ui/states";
import { LineageGraph } from "./lineage-graph";
import { useDatasets, useGraph, useRuns } from "./queries";

const stateTone = (s: string | null) =>
  (s === "COMPLETE"
    ? "green"
    : s === "FAIL" || s === "ABORT"
      ? "red"
      : s === "START" || s === "RUNNING"
        ? "blue"
        : "neutral") as "green" | "red" | "blue" | "neutral";

export function LineageExplorer() {
  const params = useSearchParams();
  const router = useRouter();
  const node = params.get("node");
  const [direction, setDirection] = useState(params.get("direction") ?? "both");
  const [depth, setDepth] = useState(Number(params.get("depth") ?? 4));
  const graph = useGraph(node, direction, depth);
  const focus = (key: string) =>
    router.push(`/lineage?node=${encodeURIComponent(key)}&direction=${direction}&depth=${depth}`);
  const focused = graph.data?.nodes.find((n) => n.key === graph.data?.root);

  return (
    <>
      <PageHeader
        title="Lineage"
        description="Where each dataset comes from and goes to: OpenLineage events, the seed's reporters, and every run."
      />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[18rem_1fr]">
        <aside className="space-y-4">
          <DatasetPicker node={node} onFocus={focus} />
          <RecentRuns />
        </aside>
        <section aria-label="Graph" className="min-w-0">
          <div className="mb-2 flex flex-wrap items-end gap-3">
            <Field label="Direction">
              <Select value={direction} onChange={(e) => setDirection(e.target.value)}>
                <option value="both">Both</option>
                <option value="upstream">Upstream</option>
                <option value="downstream">Downstream</option>
              </Select>
            </Field>
            <Field label="Depth">
              <Select value={depth} onChange={(e) => setDepth(Number(e.target.value))}>
                {[1, 2, 3, 4, 5, 6, 8, 10].map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </Select>
            </Field>
            {focused && (
              <p className="pb-2 text-sm">
                Focus:{" "}
                <Link
                  className="font-mono text-indigo-600 hover:underline dark:text-indigo-400"
                  href={focused.kind === "dataset" ? `/lineage/datasets/${focused.id}` : `/lineage/jobs/${focused.id}`}
                >
                  {focused.name}
                </Link>
                <span className="text-zinc-500">
                  {" "}
                  · {graph.data!.nodes.length} nodes, {graph.data!.edges.length} edges · click a node to focus it
                </span>
              </p>
            )}
          </div>
          {!node ? (
            <EmptyState icon={Workflow} title="Pick a dataset">
              Choose a dataset on the left to see where it comes from and where it goes.
            </EmptyState>
          ) : (
            <QueryState query={graph}>{(g) => <LineageGraph graph={g} onFocus={focus} />}</QueryState>
          )}
        </section>
      </div>
    </>
  );
}

function DatasetPicker({ node, onFocus }: { node: string | null; onFocus: (key: string) => void }) {
  const [search, setSearch] = useState("");
  const datasets = useDatasets(search);
  return (
    <section
      aria-label="Datasets"
      className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <Field label="Find a dataset">
        <Input value={search} onChange={(e) => setSearch(e.target.value)} placeholder="name contains…" />
      </Field>
      <ul className="mt-2 max-h-72 space-y-0.5 overflow-y-auto text-sm">
        {datasets.data?.datasets.map((d) => (
          <li key={d.id}>
            <button
              type="button"
              onClick={() => onFocus(`dataset:${d.id}`)}
              className={`flex w-full items-center justify-between gap-2 rounded px-2 py-1 text-left hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-zinc-800 ${node === `dataset:${d.id}` ? "bg-indigo-50 dark:bg-indigo-950" : ""}`}
            >
              <span className="truncate font-mono text-xs" title={`${d.namespace}/${d.name}`}>
                {d.name}
              </span>
              {d.layer && (
                <Badge tone={d.layer === "gold" ? "amber" : d.layer === "bronze" ? "red" : "neutral"}>{d.layer}</Badge>
              )}
            </button>
          </li>
        ))}
        {datasets.data?.datasets.length === 0 && (
          <li className="text-xs text-zinc-500">
            No dataset {search ? "matches" : "yet: send OpenLineage events to POST /api/v1/lineage"}.
          </li>
        )}
      </ul>
    </section>
  );
}

function RecentRuns() {
  const runs = useRuns();
  return (
    <section
      aria-label="Recent runs"
      className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 className="mb-2 text-xs font-semibold uppercase tracking-wide text-zinc-500">Recent runs</h2>
      <ul className="space-y-1 text-xs">
        {runs.data?.runs.map((r) => (
          <li key={r.id} className="flex items-center justify-between gap-2">
            <Link className="truncate font-mono hover:underline" href={`/lineage/jobs/${r.jobId}`} title={r.job ?? ""}>
              {r.job?.split("/").at(-1)}
            </Link>
            <span className="flex items-center gap-1">
              <Badge tone={stateTone(r.state)}>{r.state}</Badge>
              <span className="text-zinc-500">{relativeTime(r.endedAt ?? r.startedAt)}</span>
            </span>
          </li>
        ))}
        {runs.data?.runs.length === 0 && <li className="text-zinc-500">No runs yet.</li>}
      </ul>
    </section>
  );
}
