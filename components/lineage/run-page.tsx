"use client";
import { GitBranch } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, Stat } from "@/components/ui/card";
import { dateTime, formatNumber } from "@/components/ui/format";
import { EmptyState, ErrorPanel, PageHeader, Spinner } from "@/components/ui/states";
import type { RunDetail } from "@/server/lineage/contract";
import { useRun } from "./queries";
import { RunTimeline, stateTone, treeSpan } from "./run-timeline";

const linkClass = "font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-300";

function ParentLine({ run }: { run: RunDetail }) {
  const p = run.parent;
  if (!p) return <p className="text-sm text-zinc-500">No parent: this run was started on its own.</p>;
  return (
    <p className="flex flex-wrap items-center gap-2 text-sm">
      <span className="text-zinc-500">Parent</span>
      {p.run ? (
        <>
          <Link className={linkClass} href={`/lineage/runs/${p.id}`}>
            {p.job ?? p.id}
          </Link>
          <Badge tone={stateTone(p.run.state)}>{p.run.state}</Badge>
        </>
      ) : (
        <span className="font-mono text-xs">
          {p.job ?? p.id} <span className="text-zinc-500">(no event of that run has arrived yet)</span>
        </span>
      )}
    </p>
  );
}

/** The run's place in its pipeline: the parent, then the run with its children as a timeline. */
export function RunTree({ run }: { run: RunDetail }) {
  return (
    <div className="space-y-3">
      <ParentLine run={run} />
      {run.children.length ? (
        <>
          <RunTimeline root={run} children={run.children} />
          {run.childrenTruncated && (
            <p className="text-xs text-amber-700 dark:text-amber-300">Only the first {run.children.length} children.</p>
          )}
        </>
      ) : (
        <p className="text-sm text-zinc-500">No child runs: no run names this one as its parent.</p>
      )}
    </div>
  );
}

/** State, start, duration and children; a parent reported without its START (airflow dags test) spans its children. */
function RunStats({ run }: { run: RunDetail }) {
  const tree = run.children.length ? treeSpan(run, run.children) : null;
  const span = tree ? tree.seconds : run.durationSeconds;
  const failedChildren = run.children.filter((c) => c.state === "FAIL" || c.state === "ABORT").length;
  return (
    <div className="mb-4 grid grid-cols-2 gap-4 md:grid-cols-4">
      <Stat label="State" value={<Badge tone={stateTone(run.state)}>{run.state}</Badge>} />
      <Stat label="Started" value={<span className="text-base">{dateTime(tree?.startedAt ?? run.startedAt)}</span>} />
      <Stat
        label="Duration"
        value={formatNumber(span, { digits: 1, unit: "s" })}
        hint={span !== run.durationSeconds ? "from the first child's start" : undefined}
      />
      <Stat label="Child runs" value={run.childCount} hint={failedChildren ? `${failedChildren} failed` : undefined} />
    </div>
  );
}

export function RunPage({ id }: { id: string }) {
  const q = useRun(id);
  if (q.isPending) return <Spinner label="Loading the run…" />;
  if (q.isError) return <ErrorPanel error={q.error} title="Run unavailable" />;
  const run = q.data;
  return (
    <>
      <PageHeader
        title={run.jobName}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span>{run.jobNamespace}</span>
            <span className="font-mono text-xs">run {run.id}</span>
          </span>
        }
        actions={
          <Link
            className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
            href={`/lineage/jobs/${run.jobId}`}
          >
            All runs of this job
          </Link>
        }
      />
      <RunStats run={run} />
      {run.errorMessage && (
        <div className="mb-4">
          <Card title="Error">
            <pre className="max-h-64 overflow-auto whitespace-pre-wrap font-mono text-xs text-red-700 dark:text-red-300">
              {run.errorMessage}
            </pre>
          </Card>
        </div>
      )}
      {!run.parent && !run.children.length ? (
        <EmptyState icon={GitBranch} title="A run on its own">
          No parent and no child runs reported. Airflow task runs, dbt model runs and Spark jobs that send an
          OpenLineage parent run facet appear here under their DAG or dbt run.
        </EmptyState>
      ) : (
        <Card title="Parent and children">
          <RunTree run={run} />
        </Card>
      )}
    </>
  );
}
