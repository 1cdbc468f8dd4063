"use client";
import type { Job } from "@/server/jobs/contract";

/**
 * A job's progress as a bar with its last message (steps, records or bytes, as the job counts them); a job that
 * failed or is retrying shows its error instead. Settings → Jobs, the backups page and the restore dialog use it.
 */
export function JobProgressBar({ job }: { job: Pick<Job, "kind" | "state" | "progress" | "lastError"> }) {
  const p = job.progress;
  const pct = job.state === "succeeded" ? 100 : p?.total ? Math.round((100 * p.done) / p.total) : 0;
  return (
    <div className="min-w-32 flex-1">
      <div
        className="h-1.5 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
        role="progressbar"
        aria-valuenow={pct}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-label={`${job.kind} progress`}
      >
        <div
          className={`h-full ${job.state === "failed" ? "bg-red-500" : "bg-indigo-500"} transition-all`}
          style={{ width: `${pct}%` }}
        />
      </div>
      <div className="mt-1 truncate text-xs text-zinc-500">
        {job.lastError && job.state !== "succeeded" ? `error: ${job.lastError}` : (p?.message ?? "")}
      </div>
    </div>
  );
}
