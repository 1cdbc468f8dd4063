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
  const columns: ColumnDef<ServiceSummary, unknown>[] = [
    {
      id: "service",
      header: "Service",
      meta: { headerClassName: "py-1.5 pr-3", className: "py-1.5 pr-3 [overflow-wrap:anywhere]" },
      cell: ({ row: { original: s } }) => (
        <>
          <span className="font-mono text-xs">{s.service}</span>
          {s.cluster && <span className="ml-2 text-[11px] text-zinc-500">{s.cluster}</span>}
          {s.tasks && s.tasks.length > 0 && (
            <ul className="mt-0.5 text-[11px] text-zinc-500" aria-label={`Tasks of ${s.service}`}>
              {s.tasks.map((t) => (
                <li key={t.id} title={t.message} className="truncate">
                  task {t.slot ?? t.node?.slice(0, 8)} · {t.state}
                  {t.desiredState !== "running" && t.state !== t.desiredState ? ` → ${t.desiredState}` : ""}
                </li>
              ))}
            </ul>
          )}
        </>
      ),
    },
    {
      id: "level",
      header: "Level",
      meta: { headerClassName: "w-10 pr-3", className: "pr-3 text-xs text-zinc-500" },
      cell: ({ row }) => stack.levels.findIndex((l) => l.includes(row.original.service)) + 1 || "—",
    },
    {
      id: "state",
      header: "State",
      meta: {
        headerClassName: "w-40 pr-3",
        className: "overflow-hidden whitespace-nowrap pr-3",
        cellProps: (s) => ({ title: s.statusText }),
      },
      cell: ({ row: { original: s } }) => (
        <Badge tone={STATUS_TONE[s.status] satisfies Tone}>
          {s.statusText}
          {s.replicas && s.replicas.desired !== null ? ` · ${s.replicas.running}/${s.replicas.desired}` : ""}
        </Badge>
      ),
    },
    {
      id: "ports",
      header: "Ports",
      meta: {
        headerClassName: "w-28 pr-3",
        className: "max-w-40 truncate pr-3 font-mono text-[11px] text-zinc-500",
        cellProps: (s) => ({ title: s.ports.join(", ") }),
      },
      cell: ({ row }) => row.original.ports.join(", ") || "—",
    },
    {
      id: "uptime",
      header: "Uptime",
      meta: {
        headerClassName: "w-24 pr-3",
        className: "whitespace-nowrap pr-3 text-xs tabular-nums",
        cellProps: (s) => ({ "data-testid": `uptime-${s.service}` }),
      },
      cell: ({ row: { original: s } }) => uptime(s.startedAt, s.state),
    },
    {
      id: "cpu",
      header: "CPU",
      meta: {
        headerClassName: "w-20 pr-3 text-right",
        className: "whitespace-nowrap pr-3 text-right text-xs tabular-nums",
        cellProps: (s) => ({ "data-testid": `cpu-${s.service}` }),
      },
      cell: ({ row }) => {
        const st = stats[row.original.service];
        return st ? `${st.cpuPercent.toFixed(1)} %` : "—";
      },
    },
    {
      id: "memory",
      header: "Memory",
      meta: {
        headerClassName: "w-36 pr-3 text-right",
        className: "whitespace-nowrap pr-3 text-right text-xs tabular-nums",
        cellProps: (s) => ({ "data-testid": `mem-${s.service}` }),
      },
      cell: ({ row }) => {
        const st = stats[row.original.service];
        return st ? `${mib(st.memoryBytes)}${st.memoryLimitBytes ? ` / ${mib(st.memoryLimitBytes)}` : ""}` : "—";
      },
    },
    {
      id: "actions",
      header: "Actions",
      meta: {
        headerClassName: swarm ? "w-44 text-right" : "w-32 text-right",
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
          // Under swarm the actions column holds two more buttons: keep room for the service and its tasks.
          table: `w-full ${swarm ? "min-w-[62rem]" : "min-w-[50rem]"} table-fixed text-left text-sm`,
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
