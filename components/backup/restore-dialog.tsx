"use client";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { useEventStream } from "@/components/data/use-event-stream";
import { JobStateBadge } from "@/components/jobs/job-state-badge";
import { jobEventsUrl } from "@/components/jobs/queries";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { ErrorPanel, Spinner } from "@/components/ui/states";
import type { Backup, RestoreItem, RestorePlan } from "@/server/backup/contract";
import { isJobFinished, Job } from "@/server/jobs/contract";
import { JobProgressBar } from "@/components/jobs/job-progress";
import { useRestore } from "./queries";
import { formatSize } from "./source-fields";

const TONE: Record<RestoreItem["action"], Tone> = {
  overwrite: "amber",
  create: "blue",
  unchanged: "neutral",
  untouched: "neutral",
};

function PlanSummary({ plan }: { plan: RestorePlan }) {
  const t = plan.totals;
  // Row counts exist for tables only: no column of dashes for a bucket.
  const hasRows = plan.items.some((i) => i.rowsNow !== null || i.rowsInBackup !== null);
  return (
    <div className="space-y-3">
      <p>
        Writes to <strong>{plan.target}</strong>: {t.overwrite} overwritten, {t.create} created, {t.unchanged} unchanged
        ({formatSize(t.bytes)}).
      </p>
      <div className="max-h-56 overflow-auto rounded border border-zinc-200 dark:border-zinc-800">
        <table className="w-full text-xs" aria-label="What the restore changes">
          <thead className="sticky top-0 bg-zinc-50 text-left dark:bg-zinc-900">
            <tr>
              <th className="px-2 py-1 font-medium">Table or object</th>
              <th className="px-2 py-1 font-medium">Action</th>
              {hasRows && <th className="px-2 py-1 text-right font-medium">Rows now → backup</th>}
              <th className="px-2 py-1 text-right font-medium">Size</th>
            </tr>
          </thead>
          <tbody>
            {plan.items.map((i) => (
              <tr key={i.name} className="border-t border-zinc-100 dark:border-zinc-800">
                <td className="break-all px-2 py-1 font-mono">{i.name}</td>
                <td className="px-2 py-1">
                  <Badge tone={TONE[i.action]}>{i.action}</Badge>
                </td>
                {hasRows && (
                  <td className="whitespace-nowrap px-2 py-1 text-right tabular-nums">
                    {i.rowsNow ?? "—"} → {i.rowsInBackup ?? "—"}
                  </td>
                )}
                <td className="whitespace-nowrap px-2 py-1 text-right tabular-nums">
                  {i.sizeBytes === null ? "—" : formatSize(i.sizeBytes)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {plan.truncated && <p className="text-xs text-zinc-500">Only the first {plan.items.length} are listed.</p>}
      {plan.notes.map((n) => (
        <p key={n} className="text-xs text-zinc-600 dark:text-zinc-400">
          {n}
        </p>
      ))}
    </div>
  );
}

type Mutation = ReturnType<typeof useRestore>;

function RestoreContent({
  dry,
  jobId,
  live,
  typed,
  onType,
}: {
  dry: Mutation;
  jobId: string | null;
  live: Job | null;
  typed: string;
  onType: (v: string) => void;
}) {
  const plan = dry.data?.plan;
  return (
    <>
      {dry.isPending && <Spinner label="Dry run: reading what the restore would change…" />}
      {dry.isError && <ErrorPanel error={dry.error} title="The dry run failed" />}
      {plan && (
        <div className="space-y-4">
          <PlanSummary plan={plan} />
          {jobId ? (
            <div className="flex items-center gap-3" aria-live="polite">
              {live && <JobStateBadge state={live.state} />}
              {live ? <JobProgressBar job={live} /> : <Spinner label="Queued" />}
            </div>
          ) : (
            <Field label={`Type ${plan.confirmWith} to confirm`}>
              <Input
                value={typed}
                onChange={(e) => onType(e.target.value)}
                autoComplete="off"
                spellCheck={false}
                aria-describedby="restore-warning"
              />
            </Field>
          )}
          {!jobId && (
            <p id="restore-warning" className="text-xs text-red-700 dark:text-red-400">
              What is listed as overwritten is replaced by the backup's content. This cannot be undone.
            </p>
          )}
        </div>
      )}
    </>
  );
}

/** Dry run on open, then the restore once the target's name is typed back; follows the restore job to its end. */
export function RestoreDialog({ backup, onClose }: { backup: Backup; onClose: () => void }) {
  const dry = useRestore(backup.id);
  const run = useRestore(backup.id);
  const [typed, setTyped] = useState("");
  const [jobId, setJobId] = useState<string | null>(null);
  const live = useEventStream(jobId ? jobEventsUrl(jobId) : null, "job", Job, isJobFinished);
  const dryMutate = dry.mutate;
  useEffect(() => dryMutate({ dryRun: true }), [dryMutate]);
  const plan = dry.data?.plan;
  const confirmed = plan !== undefined && typed === plan.confirmWith;
  const start = () =>
    run.mutate(
      { dryRun: false, confirm: typed },
      {
        onSuccess: (r) => {
          setJobId(r.jobId);
          toast.success("Restore started");
        },
        onError: (e) => toast.error(e.message),
      },
    );
  return (
    <Dialog
      open
      onClose={onClose}
      title="Restore backup"
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {jobId ? "Close" : "Cancel"}
          </Button>
          {!jobId && (
            <Button variant="danger" disabled={!confirmed || run.isPending} onClick={start}>
              Restore
            </Button>
          )}
        </>
      }
    >
      <RestoreContent dry={dry} jobId={jobId} live={live} typed={typed} onType={setTyped} />
    </Dialog>
  );
}
