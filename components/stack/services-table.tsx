"use client";
import type { ColumnDef } from "@tanstack/react-table";
import { Layers, Play, RefreshCcw, RotateCw, ScrollText, Square } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CARD_TABLE_STYLE, DataTable } from "@/components/ui/data-table";
import { STATUS_TONE, type StackSummary } from "@/server/stack/contract";

type ServiceSummary = StackSummary["services"][number];
import { useServiceAction, useStackStats } from "./queries";
import { SwarmServiceDialog } from "./swarm-service-dialog";

const mib = (b: number) => (b >= 1024 ** 3 ? `${(b / 1024 ** 3).toFixed(2)} GiB` : `${Math.round(b / 1024 ** 2)} MiB`);

function uptime(startedAt: string | null, state: string): string {
  if (!startedAt || state !== "running") return "—";
  const s = Math.max(0, Math.round((Date.now() - Date.parse(startedAt)) / 1000));
  return s < 60
    ? `${s} s`
    : s < 3600
      ? `${Math.floor(s / 60)} min ${s % 60} s`
      : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** The stack's services with live CPU and memory, and per-service logs, start, restart and stop for operators. */
export function ServicesCard({
  stack,
  canAct,
  onJob,
  onLogs,
}: {
  stack: StackSummary;
  canAct: boolean;
  onJob: (id: string) => void;
  onLogs: (service: string) => void;
}) {
  const action = useServiceAction();
  const [swarmOp, setSwarmOp] = useState<{ service: ServiceSummary; mode: "scale" | "update" } | null>(null);
  const swarm = stack.driver === "swarm";
  const running = stack.services.filter((s) => s.state === "running").map((s) => s.service);
  const stats = useStackStats(stack.name, running.join(","));
  const serviceAct = (service: string, a: "start" | "stop" | "restart") =>
    action.mutate(
      { name: stack.name, service, action: a },
      {
        onSuccess: (r) => {
          onJob(r.job.id);
          toast.success(`${a} ${service}`);
        },
        onError: (e) => toast.error(e.message),
      },
    );
  const level = (service: string) => stack.levels.findIndex((l) => l.includes(service)) + 1;
  // Four columns, secondary facts folded into them (cluster, level and ports under the service, uptime under the state, CPU
  // above memory), so that the table fits its card at 1280 px even with swarm's two more action buttons.
  const columns: ColumnDef<ServiceSummary, unknown>[] = [
    {
      id: "service",
      header: "Service",
      meta: { headerClassName: "py-1.5 pr-3", className: "py-1.5 pr-3 [overflow-wrap:anywhere]" },
      cell: ({ row: { original: s } }) => <ServiceCell service={s} level={level(s.service)} />,
    },
    {
      id: "state",
      header: "State",
      meta: {
        headerClassName: "w-40 pr-3",
        className: "overflow-hidden whitespace-nowrap py-1.5 pr-3",
        cellProps: (s) => ({ title: s.statusText }),
      },
      cell: ({ row: { original: s } }) => (
        <>
          <Badge tone={STATUS_TONE[s.status] satisfies Tone}>
            {s.statusText}
            {s.replicas && s.replicas.desired !== null ? ` · ${s.replicas.running}/${s.replicas.desired}` : ""}
          </Badge>
          <div className="mt-0.5 text-[11px] text-zinc-500 dark:text-zinc-400">
            {s.state === "running" && "up "}
            <span className="tabular-nums whitespace-nowrap" data-testid={`uptime-${s.service}`}>
              {uptime(s.startedAt, s.state)}
            </span>
          </div>
        </>
      ),
    },
    {
      id: "usage",
      header: "CPU · Memory",
      meta: {
        headerClassName: "w-36 pr-3 text-right",
        className: "py-1.5 pr-3 text-right text-xs",
      },
      cell: ({ row: { original: s } }) => {
        const st = stats[s.service];
        return (
          <>
            <div className="tabular-nums whitespace-nowrap" data-testid={`cpu-${s.service}`}>
              {st ? `${st.cpuPercent.toFixed(1)} %` : "—"}
            </div>
            <div
              className="tabular-nums whitespace-nowrap text-zinc-500 dark:text-zinc-400"
              data-testid={`mem-${s.service}`}
            >
              {st ? `${mib(st.memoryBytes)}${st.memoryLimitBytes ? ` / ${mib(st.memoryLimitBytes)}` : ""}` : "—"}
            </div>
          </>
        );
      },
    },
    {
      id: "actions",
      header: "Actions",
      meta: {
        // Up to five 36 px buttons under swarm (logs, scale, update, restart, stop), three under compose.
        headerClassName: swarm ? "w-52 text-right" : "w-32 text-right",
        className: "whitespace-nowrap text-right",
      },
      cell: ({ row: { original: s } }) => (
        <span className="inline-flex gap-1">
          {canAct && (
            <Button
              size="sm"
              variant="ghost"
              onClick={() => onLogs(s.service)}
              disabled={s.state === "absent"}
              aria-label={`Logs of ${s.service}`}
            >
              <ScrollText className="size-3.5" aria-hidden />
            </Button>
          )}
          {canAct && swarm && s.replicas && s.replicas.desired !== null && !s.oneShot && (
            <Button
              size="sm"
              variant="ghost"
              onClick={() => setSwarmOp({ service: s, mode: "scale" })}
              aria-label={`Scale ${s.service}`}
              title={`Scale ${s.service}`}
            >
              <Layers className="size-3.5" aria-hidden />
            </Button>
          )}
          {canAct && swarm && s.state !== "absent" && (
            <Button
              size="sm"
              variant="ghost"
              onClick={() => setSwarmOp({ service: s, mode: "update" })}
              aria-label={`Rolling update of ${s.service}`}
              title={`Rolling update of ${s.service}`}
            >
              <RefreshCcw className="size-3.5" aria-hidden />
            </Button>
          )}
          {canAct && s.state !== "running" && (
            <Button
              size="sm"
              variant="ghost"
              onClick={() => serviceAct(s.service, "start")}
              disabled={action.isPending || stack.causes.length > 0}
              aria-label={`Start ${s.service}`}
            >
              <Play className="size-3.5" aria-hidden />
            </Button>
          )}
          {canAct && s.state === "running" && (
            <Button
              size="sm"
              variant="ghost"
              onClick={() => serviceAct(s.service, "restart")}
              disabled={action.isPending}
              aria-label={`Restart ${s.service}`}
            >
              <RotateCw className="size-3.5" aria-hidden />
            </Button>
          )}
          {canAct && s.state === "running" && (
            <Button
              size="sm"
              variant="ghost"
              onClick={() => serviceAct(s.service, "stop")}
              disabled={action.isPending}
              aria-label={`Stop ${s.service}`}
            >
              <Square className="size-3.5" aria-hidden />
            </Button>
          )}
        </span>
      ),
    },
  ];
  return (
    <Card title="Services">
      <DataTable
        label={`Services of ${stack.name}`}
        data={stack.services}
        columns={columns}
        sortable={false}
        rowId={(s) => s.service}
        style={{
          ...CARD_TABLE_STYLE,
          // Fits its card from 1280 px wide (the template list beside it); narrower, the card scrolls sideways.
          table: "w-full min-w-[40rem] table-fixed text-left text-sm",
        }}
        rowProps={(s) => ({ "data-service": s.service })}
      />
      {swarmOp && (
        <SwarmServiceDialog
          stack={stack}
          service={swarmOp.service}
          mode={swarmOp.mode}
          onClose={() => setSwarmOp(null)}
          onJob={onJob}
        />
      )}
    </Card>
  );
}

/** The service's name; under it its cluster, start level and ports, and under swarm its tasks. */
function ServiceCell({ service: s, level }: { service: ServiceSummary; level: number }) {
  return (
    <>
      <span className="font-mono text-xs">{s.service}</span>
      <div className="mt-0.5 text-[11px] text-zinc-500 dark:text-zinc-400">
        {s.cluster && `${s.cluster} · `}
        {level > 0 ? `level ${level}` : "no level"}
        {" · "}
        <span className="font-mono" data-testid={`ports-${s.service}`}>
          {s.ports.length ? s.ports.join(", ") : "no ports"}
        </span>
      </div>
      {s.tasks && s.tasks.length > 0 && (
        <ul className="mt-0.5 text-[11px] text-zinc-500 dark:text-zinc-400" aria-label={`Tasks of ${s.service}`}>
          {s.tasks.map((t) => (
            <li key={t.id} title={t.message} className="truncate">
              task {t.slot ?? t.node?.slice(0, 8)} · {t.state}
              {t.desiredState !== "running" && t.state !== t.desiredState ? ` → ${t.desiredState}` : ""}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
