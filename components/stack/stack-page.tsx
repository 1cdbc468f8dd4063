"use client";
import { useQueryClient } from "@tanstack/react-query";
import { Boxes, Play, Square } from "lucide-react";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { useSession } from "@/components/auth/queries";
import { useEventStream } from "@/components/data/use-event-stream";
import { JobStateBadge } from "@/components/jobs/job-state-badge";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorPanel, PageHeader, Spinner } from "@/components/ui/states";
import { hasRole } from "@/server/auth/roles";
import { Job } from "@/server/jobs/contract";
import type { ServiceStatus, StackSummary } from "@/server/stack/contract";
import { stackKeys, useStackOperation, useStacks } from "./queries";

function stateTone(s: ServiceStatus): Tone {
  if (s.health === "healthy" || (s.state === "exited" && s.exitCode === 0)) return "green";
  if (s.health === "unhealthy" || (s.state === "exited" && s.exitCode !== 0)) return "red";
  if (s.state === "running") return s.health === "starting" ? "amber" : "blue";
  return "neutral";
}

function stateText(s: ServiceStatus): string {
  if (s.state === "exited") return s.exitCode === 0 ? "completed" : `exited ${s.exitCode}`;
  return s.health ? `${s.state} · ${s.health}` : s.state;
}

function StackCard({ stack, canAct, onJob }: { stack: StackSummary; canAct: boolean; onJob: (id: string) => void }) {
  const op = useStackOperation();
  const act = (o: "up" | "down") =>
    op.mutate({ name: stack.name, op: o }, { onSuccess: (r) => { onJob(r.job.id); toast.success(`${o === "up" ? "Starting" : "Stopping"} ${stack.title}`); }, onError: (e) => toast.error(e.message) });
  const running = stack.services.some((s) => s.state === "running");
  return (
    <Card
      title={<span className="inline-flex items-center gap-2"><Boxes className="size-4" aria-hidden /> {stack.title} <code className="font-mono text-xs text-zinc-500">{stack.name}</code></span>}
      action={canAct && (
        <span className="flex gap-2">
          <Button size="sm" onClick={() => act("up")} disabled={op.isPending || stack.problems.length > 0 || stack.engine === "unavailable"} aria-label={`Start ${stack.name}`}><Play className="size-3.5" aria-hidden /> Start</Button>
          <Button size="sm" variant="secondary" onClick={() => act("down")} disabled={op.isPending || !running} aria-label={`Stop ${stack.name}`}><Square className="size-3.5" aria-hidden /> Stop</Button>
        </span>
      )}
    >
      <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">{stack.description}</p>
      {stack.engineError && <div className="mb-3"><ErrorPanel error={new Error(stack.engineError)} title="Docker engine unavailable" /></div>}
      {stack.problems.length > 0 && (
        <ul className="mb-3 space-y-1 text-sm text-red-700 dark:text-red-300" aria-label="Template problems">
          {stack.problems.map((p) => <li key={`${p.path}${p.message}`}><code className="font-mono text-xs">{p.path}{p.line ? ` (line ${p.line})` : ""}</code>: {p.message}</li>)}
        </ul>
      )}
      <table className="w-full text-left text-sm" aria-label={`Services of ${stack.name}`}>
        <thead className="text-xs uppercase text-zinc-500"><tr><th className="py-1">Service</th><th>Start level</th><th>State</th></tr></thead>
        <tbody>
          {stack.services.map((s) => (
            <tr key={s.service} className="border-t border-zinc-100 dark:border-zinc-800">
              <td className="py-1.5 font-mono text-xs">{s.service}</td>
              <td className="text-xs text-zinc-500">{stack.levels.findIndex((l) => l.includes(s.service)) + 1 || "—"}</td>
              <td><Badge tone={stateTone(s)}>{stateText(s)}</Badge></td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

export function StackPage() {
  const [jobId, setJobId] = useState<string | null>(null);
  const live = useEventStream(jobId ? `/api/v1/jobs/${jobId}/events` : null, "job", Job);
  const busy = live !== null && (live.state === "queued" || live.state === "running");
  const stacks = useStacks(busy);
  const role = useSession().data?.user.role ?? "viewer";
  const qc = useQueryClient();
  const liveState = live?.state;
  useEffect(() => {
    if (liveState) void qc.invalidateQueries({ queryKey: stackKeys.all });
  }, [liveState, qc]);
  return (
    <>
      <PageHeader title="Stack" description="Start and stop the platform from its Compose templates, over the Docker API. Every operation is a durable, audited job." />
      {live && (
        <div className="mb-4 flex flex-wrap items-center gap-3 rounded-lg border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900" aria-live="polite" data-testid="stack-operation">
          <JobStateBadge state={live.state} />
          <code className="font-mono text-xs">{live.kind}</code>
          <span>{live.progress?.message ?? "queued"}</span>
          {live.progress?.total ? <span className="text-zinc-500">{live.progress.done} / {live.progress.total} services up</span> : null}
          {live.lastError && live.state === "failed" && <span className="text-red-600">{live.lastError}</span>}
        </div>
      )}
      {stacks.isPending ? <Spinner /> : stacks.isError ? <ErrorPanel error={stacks.error} /> : stacks.data.stacks.length === 0 ? (
        <EmptyState icon={Boxes} title="No templates">Add a folder with compose.yaml and template.json under compose-templates/.</EmptyState>
      ) : (
        <div className="grid gap-6">
          {stacks.data.stacks.map((s) => <StackCard key={s.name} stack={s} canAct={hasRole(role, "operator")} onJob={setJobId} />)}
        </div>
      )}
    </>
  );
}
