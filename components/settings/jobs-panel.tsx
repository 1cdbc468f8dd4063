"use client";
import type { ColumnDef } from "@tanstack/react-table";
import { FlaskConical } from "lucide-react";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { useSession } from "@/components/auth/queries";
import { useEventStream } from "@/components/data/use-event-stream";
import { JobProgressBar } from "@/components/jobs/job-progress";
import { JobStateBadge } from "@/components/jobs/job-state-badge";
import { jobEventsUrl, jobKeys, useCancelJob, useJobs, useSubmitJob } from "@/components/jobs/queries";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Field, Input } from "@/components/ui/field";
import { relativeTime } from "@/components/ui/format";
import { QueryState } from "@/components/ui/states";
import { hasRole } from "@/server/auth/contract";
import { isJobFinished, Job } from "@/server/jobs/contract";

function DiagnosticsForm({ onStarted }: { onStarted: (id: string) => void }) {
  const submit = useSubmitJob();
  const [steps, setSteps] = useState("10");
  const [stepMs, setStepMs] = useState("500");
  const start = (e: FormEvent) => {
    e.preventDefault();
    submit.mutate(
      { kind: "diagnostics.sleep", payload: { steps: Number(steps), stepMs: Number(stepMs) } },
      {
        onSuccess: (j) => {
          toast.success("Diagnostic job queued");
          onStarted(j.id);
        },
        onError: (err) => toast.error(err.message),
      },
    );
  };
  return (
    <form onSubmit={start} aria-label="Diagnostic job" className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
      <Field label="Steps">
        <Input type="number" min={1} max={10000} value={steps} onChange={(e) => setSteps(e.target.value)} />
      </Field>
      <Field label="Milliseconds per step">
        <Input type="number" min={0} max={60000} value={stepMs} onChange={(e) => setStepMs(e.target.value)} />
      </Field>
      <Button type="submit" disabled={submit.isPending}>
        <FlaskConical className="size-4" aria-hidden /> Run diagnostic job
      </Button>
    </form>
  );
}

export function JobsPanel() {
  const jobs = useJobs();
  const cancel = useCancelJob();
  const role = useSession().data?.user.role ?? "viewer";
  const [followId, setFollowId] = useState<string | null>(null);
  const live = useEventStream(followId ? jobEventsUrl(followId) : null, "job", Job, isJobFinished);
  const qc = useQueryClient();
  const liveState = live?.state;
  useEffect(() => {
    // The stream sees every change at once; refresh the table when the followed job moves on.
    if (liveState) void qc.invalidateQueries({ queryKey: jobKeys.all });
  }, [liveState, qc]);

  const columns = useMemo<ColumnDef<Job, unknown>[]>(
    () => [
      {
        accessorKey: "kind",
        header: "Kind",
        cell: (c) => <code className="font-mono text-xs">{c.row.original.kind}</code>,
      },
      { accessorKey: "state", header: "State", cell: (c) => <JobStateBadge state={c.row.original.state} /> },
      {
        id: "progress",
        header: "Progress",
        enableSorting: false,
        cell: (c) => <JobProgressBar job={c.row.original} />,
      },
      {
        accessorKey: "attempts",
        header: "Attempts",
        cell: (c) => `${c.row.original.attempts} / ${c.row.original.maxAttempts}`,
      },
      { accessorKey: "createdBy", header: "By", cell: (c) => c.row.original.createdBy ?? "system" },
      { accessorKey: "createdAt", header: "Created", cell: (c) => relativeTime(c.row.original.createdAt) },
      {
        id: "actions",
        header: "",
        enableSorting: false,
        cell: (c) =>
          hasRole(role, "operator") &&
          (c.row.original.state === "queued" || c.row.original.state === "running") && (
            <Button
              variant="secondary"
              size="sm"
              aria-label={`Cancel job ${c.row.original.id}`}
              onClick={() =>
                cancel.mutate(c.row.original.id, {
                  onError: (e) => toast.error(e.message),
                  onSuccess: () => toast.success("Cancellation requested"),
                })
              }
            >
              Cancel
            </Button>
          ),
      },
    ],
    [role, cancel],
  );

  return (
    <div className="space-y-6">
      {role === "admin" && (
        <Card title="Check the job runner">
          <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
            Runs a harmless job in checkpointed steps. Restart the server while it runs: it resumes where it stopped.
          </p>
          <DiagnosticsForm onStarted={setFollowId} />
          {live && (
            <div className="mt-4 flex items-center gap-3 text-sm" aria-live="polite">
              <JobStateBadge state={live.state} /> <JobProgressBar job={live} />
            </div>
          )}
        </Card>
      )}
      <QueryState query={jobs}>
        {(d) => <DataTable label="Jobs" data={d.jobs} columns={columns} empty="No background jobs yet." />}
      </QueryState>
    </div>
  );
}
