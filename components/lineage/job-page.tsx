"use client";
import Link from "next/link";
import { Neighbours } from "./neighbours";
import { Card, Stat } from "@/components/ui/card";
import { formatNumber, sumKnown } from "@/components/ui/format";
import { ErrorPanel, PageHeader, Spinner } from "@/components/ui/states";
import { RunDurations } from "./charts";
import { RunsTable } from "./runs-table";
import { useJob, useRun } from "./queries";
import { RunTree } from "./run-page";

/** The latest run's parent and children, when it has any (a DAG run's task runs, a dbt run's model runs). */
function LatestRunTree({ runId }: { runId: string }) {
  const q = useRun(runId);
  if (q.isPending) return <Spinner label="Loading the latest run…" />;
  if (q.isError) return <ErrorPanel error={q.error} title="Latest run unavailable" />;
  if (!q.data.parent && !q.data.children.length) return null;
  return (
    <div className="mt-4">
      <Card
        title="Latest run: parent and children"
        action={
          <Link className="text-xs hover:underline" href={`/lineage/runs/${runId}`}>
            Open the run
          </Link>
        }
      >
        <RunTree run={q.data} />
      </Card>
    </div>
  );
}

export function JobPage({ id }: { id: string }) {
  const j = useJob(id);
  if (j.isPending) return <Spinner />;
  if (j.isError) return <ErrorPanel error={j.error} title="Job unavailable" />;
  const job = j.data;
  const done = job.runs.filter((r) => r.durationSeconds !== null);
  const failed = job.runs.filter((r) => r.state === "FAIL" || r.state === "ABORT").length;
  // Runs that reported no counts are unknown, not zero: the totals are "—" until some run reports one.
  const processed = sumKnown(job.runs.map((r) => r.rowsIn));
  const out = sumKnown(job.runs.map((r) => r.rowsOut));
  const sql = (job.facets as { sql?: { query?: string } } | null)?.sql?.query ?? null;
  return (
    <>
      <PageHeader
        title={job.name}
        description={job.namespace}
        actions={
          <Link
            className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
            href={`/lineage?node=${encodeURIComponent(`job:${job.id}`)}`}
          >
            Show in graph
          </Link>
        }
      />
      <div className="mb-4 grid grid-cols-2 gap-4 md:grid-cols-4">
        <Stat label="Runs" value={job.runs.length} />
        <Stat label="Failed" value={failed} />
        <Stat label="Records processed" value={formatNumber(processed)} hint={`${formatNumber(out)} written`} />
        <Stat
          label="Median duration"
          value={formatNumber(
            [...done].sort((a, b) => a.durationSeconds! - b.durationSeconds!)[Math.floor(done.length / 2)]
              ?.durationSeconds,
            { digits: 1, unit: "s" },
          )}
        />
      </div>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <Card title="Durations over time">
          {done.length ? <RunDurations runs={job.runs} /> : <p className="text-sm text-zinc-500">No finished runs.</p>}
        </Card>
        <Card title="Reads and writes">
          <div className="grid grid-cols-2 gap-4 text-sm">
            <Neighbours title="Inputs" datasets={job.inputs} />
            <Neighbours title="Outputs" datasets={job.outputs} />
          </div>
        </Card>
      </div>
      {job.runs[0] && <LatestRunTree runId={job.runs[0].id} />}
      {sql && (
        <div className="mt-4">
          <Card title="SQL">
            <pre className="max-h-64 overflow-auto whitespace-pre-wrap font-mono text-xs" aria-label="SQL">
              {sql}
            </pre>
          </Card>
        </div>
      )}
      <div className="mt-4">
        <Card title="Runs">
          <RunsTable runs={job.runs} />
        </Card>
      </div>
    </>
  );
}
