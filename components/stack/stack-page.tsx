"use client";
import type { ColumnDef } from "@tanstack/react-table";
import { useQueryClient } from "@tanstack/react-query";
import { Boxes, CheckCircle2, ScrollText } from "lucide-react";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { useSession } from "@/components/auth/queries";
import { useEventStream } from "@/components/data/use-event-stream";
import { JobStateBadge } from "@/components/jobs/job-state-badge";
import { jobEventsUrl } from "@/components/jobs/queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CARD_TABLE_STYLE, DataTable } from "@/components/ui/data-table";
import { cn } from "@/components/ui/cn";
import { relativeTime } from "@/components/ui/format";
import { EmptyState, ErrorPanel, PageHeader, QueryState } from "@/components/ui/states";
import { hasRole } from "@/server/auth/contract";
import { isJobFinished, Job } from "@/server/jobs/contract";
import { describeCauses, stackTone, type StackSummary } from "@/server/stack/contract";
import { stackKeys, useStackHistory, useStackLogs, useStacks } from "./queries";
import { ServicesCard } from "./services-table";
import { RemoveDataButton } from "./remove-data-dialog";
import { StackActions } from "./stack-actions";
import { LogText } from "./log-text";
import { StackGraph } from "./stack-graph";
import { DriverChecks, TemplateProblems } from "./template-problems";

const SERVICE_COLOURS = [
  "text-sky-600 dark:text-sky-400",
  "text-violet-600 dark:text-violet-400",
  "text-emerald-600 dark:text-emerald-400",
  "text-amber-600 dark:text-amber-400",
  "text-pink-600 dark:text-pink-400",
  "text-teal-600 dark:text-teal-400",
  "text-indigo-600 dark:text-indigo-400",
  "text-orange-600 dark:text-orange-400",
];

/** The template the address names, else one with containers, else nexus-local, else the first. */
function pickStack(list: StackSummary[], wanted: string | null): StackSummary | undefined {
  return (
    list.find((s) => s.name === wanted) ??
    list.find((s) => s.services.some((x) => x.state !== "absent")) ??
    list.find((s) => s.name === "nexus-local") ??
    list[0]
  );
}

export function StackPage() {
  const params = useSearchParams();
  const [jobId, setJobId] = useState<string | null>(null);
  const live = useEventStream(jobId ? jobEventsUrl(jobId) : null, "job", Job, isJobFinished);
  const busy = live !== null && (live.state === "queued" || live.state === "running");
  const stacks = useStacks(busy);
  const qc = useQueryClient();
  const liveState = live?.state;
  useEffect(() => {
    if (liveState) void qc.invalidateQueries({ queryKey: stackKeys.all });
  }, [liveState, qc]);
  const list = stacks.data?.stacks ?? [];
  const selected = pickStack(list, params.get("t"));
  // An operation started elsewhere (another tab, CI, before a reload) is followed like one started here.
  const active = selected?.activeOperation?.id ?? null;
  useEffect(() => {
    if (active) setJobId((id) => id ?? active);
  }, [active]);
  const selectedBusy =
    busy && live && (live.payload as { template?: string } | null)?.template === selected?.name ? live : null;
  return (
    <>
      <PageHeader
        title="Stack"
        description="Start and stop the platform from its Compose templates, over the Docker API. Every operation is a durable, audited job."
      />
      {live && <OperationBanner live={live} busy={busy} />}
      <QueryState
        query={stacks}
        isEmpty={() => !selected}
        empty={
          <EmptyState icon={Boxes} title="No templates">
            Add a folder with compose.yaml and template.json under compose-templates/.
          </EmptyState>
        }
      >
        {() => (
          <div className="grid grid-cols-1 gap-6 lg:grid-cols-[15rem_1fr]">
            <TemplateNav list={list} selected={selected!} />
            <StackDetail key={selected!.name} stack={selected!} busy={selectedBusy} onJob={setJobId} />
          </div>
        )}
      </QueryState>
    </>
  );
}

/** The operation this page follows, live from its job's event stream. */
function OperationBanner({ live, busy }: { live: Job; busy: boolean }) {
  return (
    <div
      className="mb-4 flex flex-wrap items-center gap-3 rounded-lg border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900"
      aria-live="polite"
      data-testid="stack-operation"
    >
      <JobStateBadge state={live.state} />
      <code className="font-mono text-xs">{live.kind}</code>
      <span>{live.progress?.message ?? "queued"}</span>
      {/* While it runs: how many services reached their goal so far. Once done, the message says what the stack is now. */}
      {busy && live.progress?.total ? (
        <span className="text-zinc-500">
          {live.progress.done} / {live.progress.total} {live.kind === "stack.down" ? "stopped" : "ready"}
        </span>
      ) : null}
      {live.startedAt && (
        <span className="text-xs text-zinc-500">
          {Math.round(
            ((live.finishedAt ? Date.parse(live.finishedAt) : Date.now()) - Date.parse(live.startedAt)) / 1000,
          )}{" "}
          s
        </span>
      )}
      {live.lastError && live.state === "failed" && <span className="text-red-600">{live.lastError}</span>}
    </div>
  );
}

function TemplateNav({ list, selected }: { list: StackSummary[]; selected: StackSummary }) {
  const router = useRouter();
  return (
    <nav aria-label="Templates" className="space-y-1">
      {list.map((s) => {
        return (
          <button
            key={s.name}
            type="button"
            onClick={() => router.replace(`/stack?t=${s.name}`, { scroll: false })}
            aria-current={s.name === selected.name ? "true" : undefined}
            className={cn(
              "block w-full rounded-md border px-3 py-2 text-left text-sm focus-visible:outline-2 focus-visible:outline-indigo-500",
              s.name === selected.name
                ? "border-indigo-300 bg-indigo-50 dark:border-indigo-700 dark:bg-indigo-500/10"
                : "border-zinc-200 bg-white hover:border-indigo-200 dark:border-zinc-800 dark:bg-zinc-900",
            )}
          >
            <span className="block font-medium">{s.title}</span>
            <span className="mt-0.5 flex items-center gap-2 text-xs text-zinc-500">
              <code className="font-mono">{s.name}</code>
              {s.causes.length ? (
                <Badge tone="red">{describeCauses(s.causes)}</Badge>
              ) : (
                <Badge tone={stackTone(s.counts)}>{s.countsText}</Badge>
              )}
            </span>
          </button>
        );
      })}
    </nav>
  );
}

type Busy = { kind: string; state: string } | null;

function StackDetail({ stack, busy, onJob }: { stack: StackSummary; busy: Busy; onJob: (id: string) => void }) {
  const role = useSession().data?.user.role ?? "viewer";
  const canAct = hasRole(role, "operator");
  const [logServices, setLogServices] = useState<string | null>(null);
  const anyContainer = stack.services.some((s) => s.state !== "absent");
  return (
    <div className="min-w-0 space-y-6">
      <StackCard
        stack={stack}
        busy={busy}
        canAct={canAct}
        isAdmin={hasRole(role, "admin")}
        onJob={onJob}
        onSelect={setLogServices}
      />
      <DriverChecks stack={stack} />
      <ServicesCard stack={stack} canAct={canAct} onJob={onJob} onLogs={setLogServices} />

      {/* Logs may hold secrets and customer data: operators and admins only, as the API demands. */}
      {canAct && anyContainer && <LogsPanel stack={stack} service={logServices} onService={setLogServices} />}
      <History name={stack.name} />
    </div>
  );
}

type StackCardProps = {
  stack: StackSummary;
  busy: Busy;
  canAct: boolean;
  isAdmin: boolean;
  onJob: (id: string) => void;
  onSelect: (service: string) => void;
};

/** The template: its actions, counts, problems and dependency graph. */
function StackCard({ stack, busy, canAct, isAdmin, onJob, onSelect }: StackCardProps) {
  const qc = useQueryClient();
  const validate = async () => {
    await qc.invalidateQueries({ queryKey: stackKeys.all });
    const fresh = (qc.getQueryData(stackKeys.list()) as { stacks: StackSummary[] } | undefined)?.stacks.find(
      (s) => s.name === stack.name,
    );
    if (fresh && fresh.causes.length === 0)
      toast.success(`${stack.name} is valid: ${fresh.services.length} services in ${fresh.levels.length} start levels`);
    else toast.error(`${stack.name} has ${fresh ? describeCauses(fresh.causes) : "problems"}; see the list`);
  };
  return (
    <Card
      title={
        <span className="inline-flex items-center gap-2">
          <Boxes className="size-4" aria-hidden /> {stack.title}{" "}
          <code className="font-mono text-xs text-zinc-500">{stack.name}</code>
        </span>
      }
      action={
        <span className="flex flex-wrap justify-end gap-2">
          <Button size="sm" variant="secondary" onClick={() => void validate()} aria-label={`Validate ${stack.name}`}>
            <CheckCircle2 className="size-3.5" aria-hidden /> Validate
          </Button>
          {canAct && <StackActions stack={stack} busy={busy} onJob={onJob} />}
          {isAdmin && (
            <RemoveDataButton
              stack={stack}
              disabled={busy !== null || stack.activeOperation !== null || stack.engine === "unavailable"}
              onJob={onJob}
            />
          )}
        </span>
      }
    >
      <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">{stack.description}</p>
      <p className="mb-3 text-sm">
        Services:{" "}
        <span data-testid="stack-counts">
          <Badge tone={stackTone(stack.counts)}>{stack.countsText}</Badge>
        </span>
      </p>
      {stack.engineError && (
        <div className="mb-3">
          <ErrorPanel error={new Error(stack.engineError)} title="Docker engine unavailable" />
        </div>
      )}
      <TemplateProblems stack={stack} />
      {stack.inactive.length > 0 && (
        <p className="mb-3 text-xs text-zinc-500">
          Not in this stack now (inactive profiles; set COMPOSE_PROFILES): {stack.inactive.join(", ")}
        </p>
      )}
      <StackGraph services={stack.services} onSelect={(s) => onSelect(s)} />
    </Card>
  );
}

function LogsPanel({
  stack,
  service,
  onService,
}: {
  stack: StackSummary;
  service: string | null;
  onService: (s: string | null) => void;
}) {
  const services = useMemo(() => (service ? [service] : []), [service]);
  const { lines, ended } = useStackLogs(stack.name, services, true);
  const box = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(true);
  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines, follow]);
  const colourOf = (s: string) =>
    SERVICE_COLOURS[stack.services.findIndex((x) => x.service === s) % SERVICE_COLOURS.length];
  return (
    <Card
      title={
        <span className="inline-flex items-center gap-2">
          <ScrollText className="size-4" aria-hidden /> Logs
        </span>
      }
      action={
        <span className="flex items-center gap-3 text-xs">
          <label className="flex items-center gap-1">
            <span className="sr-only">Service</span>
            <select
              aria-label="Log service"
              value={service ?? ""}
              onChange={(e) => onService(e.target.value || null)}
              className="rounded border border-zinc-300 bg-white px-1.5 py-1 dark:border-zinc-700 dark:bg-zinc-900"
            >
              <option value="">all services (merged)</option>
              {stack.services
                .filter((s) => s.state !== "absent")
                .map((s) => (
                  <option key={s.service} value={s.service}>
                    {s.service}
                  </option>
                ))}
            </select>
          </label>
          <label className="flex items-center gap-1">
            <input
              type="checkbox"
              checked={follow}
              onChange={(e) => setFollow(e.target.checked)}
              className="accent-indigo-600"
            />{" "}
            follow
          </label>
        </span>
      }
    >
      <div
        ref={box}
        className="h-72 overflow-auto rounded bg-zinc-950 p-2 font-mono text-[11px] leading-relaxed text-zinc-200"
        role="log"
        aria-label={`Logs of ${service ?? "all services"}`}
        data-testid="logs"
      >
        {lines.length === 0 ? (
          <span className="text-zinc-500">{ended ? "No log lines." : "Waiting for log lines…"}</span>
        ) : (
          lines.map((l) => (
            <div key={l.id} className={cn("whitespace-pre-wrap break-all", l.stream === "stderr" && "text-red-300")}>
              <span className="text-zinc-500">{l.at ? l.at.slice(11, 23) : ""} </span>
              {!service && <span className={cn("font-semibold", colourOf(l.service))}>{l.service.padEnd(12)} </span>}
              <LogText line={l.line} />
            </div>
          ))
        )}
      </div>
    </Card>
  );
}

function History({ name }: { name: string }) {
  const h = useStackHistory(name);
  return (
    <Card title="Operation history">
      <QueryState
        query={h}
        isEmpty={(jobs) => jobs.length === 0}
        empty={<p className="text-sm text-zinc-500">No operation on this stack yet.</p>}
      >
        {(jobs) => <HistoryTable jobs={jobs} />}
      </QueryState>
    </Card>
  );
}

function HistoryTable({ jobs }: { jobs: Job[] }) {
  return (
    <DataTable
      label="Operation history"
      data={jobs.slice(0, 20)}
      columns={HISTORY_COLUMNS}
      sortable={false}
      style={CARD_TABLE_STYLE}
      rowId={(j) => j.id}
    />
  );
}

const operationName = (j: Job) => {
  const p = j.payload as { service?: string; action?: string; volumes?: boolean } | null;
  return `${j.kind === "stack.service" ? `${p?.action} ${p?.service}` : j.kind.replace("stack.", "")}${p?.volumes ? " (volumes)" : ""}`;
};

const HISTORY_COLUMNS: ColumnDef<Job, unknown>[] = [
  {
    id: "operation",
    header: "Operation",
    meta: { headerClassName: "py-1.5 pr-3", className: "py-1.5 pr-3 font-mono text-xs" },
    cell: ({ row }) => operationName(row.original),
  },
  {
    id: "by",
    header: "By",
    meta: { headerClassName: "pr-3", className: "pr-3 text-xs" },
    cell: ({ row }) => row.original.createdBy ?? "—",
  },
  {
    id: "outcome",
    header: "Outcome",
    meta: { headerClassName: "pr-3", className: "pr-3" },
    cell: ({ row }) => <JobStateBadge state={row.original.state} />,
  },
  {
    id: "when",
    header: "When",
    meta: { headerClassName: "pr-3", className: "pr-3 text-xs text-zinc-500" },
    cell: ({ row }) => relativeTime(row.original.createdAt),
  },
  {
    id: "took",
    header: "Took",
    meta: { headerClassName: "pr-3", className: "pr-3 text-xs tabular-nums" },
    cell: ({ row: { original: j } }) =>
      j.startedAt && j.finishedAt
        ? `${Math.round((Date.parse(j.finishedAt) - Date.parse(j.startedAt)) / 100) / 10} s`
        : "—",
  },
  {
    id: "detail",
    header: "Detail",
    meta: {
      className: "max-w-md truncate text-xs text-zinc-500",
      cellProps: (j) => ({ title: j.lastError ?? j.progress?.message ?? "" }),
    },
    cell: ({ row: { original: j } }) => j.lastError ?? j.progress?.message ?? "",
  },
];
