"use client";
import type { ColumnDef } from "@tanstack/react-table";
import { Activity, RefreshCw } from "lucide-react";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import type { HealthSnapshot, ServiceHealth } from "@/server/health/contract";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CARD_TABLE_STYLE, DataTable, type TableStyle } from "@/components/ui/data-table";
import { Select } from "@/components/ui/field";
import { dateTime, formatNumber, relativeTime } from "@/components/ui/format";
import { EmptyState, PageHeader, QueryState } from "@/components/ui/states";
import { cn } from "@/components/ui/cn";
import { PlatformTrend, SeriesChart, ServiceTimeline } from "./charts";
import { ClusterTiles } from "./cluster-tiles";
import { ControlPlaneCard } from "./control-plane-card";
import { askedPrometheus, useHealth, useHealthHistory, useProbeNow, useSeries } from "./queries";
import { CLUSTER_LABEL, StatusBadge } from "./status";

const WINDOWS = [
  [15, "15 min"],
  [60, "1 hour"],
  [360, "6 hours"],
  [1440, "24 hours"],
] as const;

export function HealthPage() {
  const health = useHealth();
  const params = useSearchParams();
  const router = useRouter();
  const [minutes, setMinutes] = useState(60);
  const view: HealthView = {
    cluster: params.get("cluster"),
    selected: params.get("service"),
    minutes,
    select: (service) => {
      const q = new URLSearchParams(params.toString());
      if (service) q.set("service", service);
      else q.delete("service");
      router.replace(`/health?${q.toString()}`, { scroll: false });
    },
    showAll: () => router.replace("/health"),
  };
  const s = health.data;
  return (
    <>
      <PageHeader
        title="Health"
        description={
          s ? (
            <>
              Every service probed every {Math.round(s.intervalMs / 1000)} s with a bounded timeout; live. Last cycle{" "}
              {relativeTime(s.checkedAt)}.
            </>
          ) : (
            "Per-service probes and history for every cluster."
          )
        }
        actions={<HealthActions minutes={minutes} onMinutes={setMinutes} />}
      />
      <ControlPlaneCard />
      <QueryState
        query={health}
        pendingLabel="Probing…"
        errorTitle="Could not load health"
        isEmpty={(d) => d.services.length === 0}
        empty={
          <EmptyState icon={Activity} title="Nothing is probed">
            Set NEXUS_PROBES or start a stack.
          </EmptyState>
        }
      >
        {(snapshot) => <HealthBody snapshot={snapshot} view={view} />}
      </QueryState>
    </>
  );
}

/** What the page's address chooses: a cluster filter, the open service, and the history window. */
type HealthView = {
  cluster: string | null;
  selected: string | null;
  minutes: number;
  select: (service: string | null) => void;
  showAll: () => void;
};

function HealthActions({ minutes, onMinutes }: { minutes: number; onMinutes: (m: number) => void }) {
  const probe = useProbeNow();
  return (
    <div className="flex items-center gap-2">
      <Select aria-label="History window" value={minutes} onChange={(e) => onMinutes(Number(e.target.value))}>
        {WINDOWS.map(([m, label]) => (
          <option key={m} value={m}>
            {label}
          </option>
        ))}
      </Select>
      <Button
        variant="secondary"
        className="whitespace-nowrap"
        onClick={() => probe.mutate(undefined, { onError: (e) => toast.error(e.message) })}
        disabled={probe.isPending}
      >
        <RefreshCw className={cn("size-3.5", probe.isPending && "animate-spin")} aria-hidden /> Probe now
      </Button>
    </div>
  );
}

function HealthBody({ snapshot: s, view }: { snapshot: HealthSnapshot; view: HealthView }) {
  const { cluster, selected, minutes } = view;
  const trend = useHealthHistory(null, minutes);
  const detail = selected ? s.services.find((x) => x.service === selected) : undefined;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3 text-sm" data-testid="platform-status" data-status={s.status}>
        <span className="font-medium">Platform</span> <StatusBadge status={s.status} />
        <span className="text-zinc-500">
          {s.services.filter((x) => x.status === "up").length} of {s.services.length} services up
        </span>
        {cluster && (
          <button
            type="button"
            className="text-xs text-indigo-600 hover:underline dark:text-indigo-400"
            onClick={view.showAll}
          >
            showing {CLUSTER_LABEL[cluster as keyof typeof CLUSTER_LABEL] ?? cluster} only · show all
          </button>
        )}
      </div>
      <ClusterTiles snapshot={s} />
      <Card title="Services">
        <ServicesTable
          services={s.services.filter((x) => !cluster || x.cluster === cluster)}
          selected={selected}
          select={view.select}
        />
      </Card>
      {detail && <ServiceDetail service={detail} minutes={minutes} />}
      <Card title="Platform over time">
        <QueryState query={trend}>{(t) => <PlatformTrend cycles={t.cycles} />}</QueryState>
      </Card>
      <p className="text-xs text-zinc-500" data-testid="prometheus-asked">
        {askedPrometheus(s).reason}
      </p>
      <SeedSeries minutes={minutes} enabled={askedPrometheus(s).available} />
    </div>
  );
}

function ServicesTable({
  services,
  selected,
  select,
}: {
  services: ServiceHealth[];
  selected: string | null;
  select: (service: string | null) => void;
}) {
  const columns: ColumnDef<ServiceHealth, unknown>[] = [
    {
      id: "service",
      header: "Service",
      meta: { headerClassName: "py-1.5 pr-3", className: "py-1.5 pr-3" },
      cell: ({ row: { original: x } }) => (
        <>
          <button
            type="button"
            onClick={() => select(selected === x.service ? null : x.service)}
            className="text-left font-medium hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500"
            aria-expanded={selected === x.service}
          >
            {x.service}
          </button>
          <div className="font-mono text-[11px] text-zinc-500">
            {x.kind} · {x.target}
          </div>
        </>
      ),
    },
    {
      id: "cluster",
      header: "Cluster",
      meta: { headerClassName: "pr-3", className: "pr-3 text-xs" },
      cell: ({ row }) => CLUSTER_LABEL[row.original.cluster],
    },
    {
      id: "status",
      header: "Status",
      meta: { headerClassName: "pr-3", className: "pr-3" },
      cell: ({ row }) => <StatusBadge status={row.original.status} />,
    },
    {
      id: "since",
      header: "Since",
      meta: {
        headerClassName: "pr-3",
        className: "pr-3 text-xs text-zinc-500",
        cellProps: (x) => ({ title: dateTime(x.since) }),
      },
      cell: ({ row }) => relativeTime(row.original.since),
    },
    {
      id: "detail",
      header: "Detail",
      meta: {
        headerClassName: "pr-3",
        className: (x) => cn("max-w-md pr-3 text-xs", x.status !== "up" && "text-red-700 dark:text-red-300"),
      },
      cell: ({ row }) => row.original.detail,
    },
    {
      id: "probe",
      header: "Probe",
      meta: { headerClassName: "pr-3 text-right", className: "pr-3 text-right text-xs tabular-nums text-zinc-500" },
      cell: ({ row }) => formatNumber(row.original.latencyMs, { unit: "ms" }),
    },
  ];
  return (
    <DataTable
      label="Services"
      data={services}
      columns={columns}
      sortable={false}
      style={CARD_TABLE_STYLE}
      rowId={(x) => x.service}
      rowProps={(x) => ({
        className: selected === x.service ? "bg-indigo-50/60 dark:bg-indigo-500/10" : undefined,
        "data-service": x.service,
        "data-status": x.status,
      })}
    />
  );
}

/** The seed's pipeline series, from Prometheus' query API, when a Prometheus is up. */
function SeedSeries({ minutes, enabled }: { minutes: number; enabled: boolean }) {
  const lag = useSeries("kafka_consumer_lag_messages", Math.max(5, minutes), enabled);
  const quality = useSeries("data_quality_score", Math.max(5, minutes), enabled);
  if (!enabled) return null;
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
      <Card title="Consumer lag reported by pipelines (Prometheus)">
        <QueryState query={lag}>{(r) => <SeriesChart result={r} />}</QueryState>
      </Card>
      <Card title="data_quality_score by layer (Prometheus)">
        <QueryState query={quality}>{(r) => <SeriesChart result={r} />}</QueryState>
      </Card>
    </div>
  );
}

type Lag = { group: string; topic: string; lag: number; state: string };
type Urp = { topic: string; partition: number; replicas: number[]; isr: number[] };

/** The small tables of a service's metrics: centred headers unless a column says otherwise, no rules between rows. */
const DETAIL_TABLE_STYLE: TableStyle = {
  box: "",
  table: "w-full text-xs",
  head: "text-zinc-500",
  th: "",
  row: "",
  td: "",
};

const URP_COLUMNS: ColumnDef<Urp, unknown>[] = [
  {
    id: "topic",
    header: "Topic",
    meta: { headerClassName: "text-left", className: "font-mono" },
    cell: ({ row }) => row.original.topic,
  },
  {
    id: "partition",
    header: "Partition",
    meta: { className: "text-center" },
    cell: ({ row }) => row.original.partition,
  },
  {
    id: "replicas",
    header: "Replicas",
    meta: { className: "text-center" },
    cell: ({ row }) => row.original.replicas.join(","),
  },
  { id: "isr", header: "In sync", meta: { className: "text-center" }, cell: ({ row }) => row.original.isr.join(",") },
];

const LAG_COLUMNS: ColumnDef<Lag, unknown>[] = [
  {
    id: "group",
    header: "Group",
    meta: { headerClassName: "text-left", className: "font-mono" },
    cell: ({ row }) => row.original.group,
  },
  {
    id: "topic",
    header: "Topic",
    meta: { headerClassName: "text-left", className: "font-mono" },
    cell: ({ row }) => row.original.topic,
  },
  {
    id: "lag",
    header: "Lag",
    meta: { headerClassName: "text-right", className: "text-right tabular-nums" },
    cell: ({ row }) => row.original.lag.toLocaleString("en"),
  },
];

function ServiceDetail({ service, minutes }: { service: ServiceHealth; minutes: number }) {
  const h = useHealthHistory(service.service, minutes);
  const m = service.metrics;
  const scalars = Object.entries(m).filter(
    ([, v]) => typeof v === "number" || typeof v === "string" || typeof v === "boolean",
  );
  return (
    <Card title={<>Service {service.service}</>} className="scroll-mt-4">
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <div>
          <h3 className="mb-2 text-xs font-semibold uppercase text-zinc-500">Probes</h3>
          <QueryState query={h}>{(d) => <ServiceTimeline points={d.points} />}</QueryState>
          <h3 className="mb-2 mt-4 text-xs font-semibold uppercase text-zinc-500">Status changes</h3>
          <ol className="space-y-1 text-xs" aria-label="Status changes">
            {h.data?.transitions
              .slice()
              .reverse()
              .map((t) => (
                <li key={t.at} className="flex gap-2">
                  <span className="w-36 shrink-0 text-zinc-500">{dateTime(t.at)}</span>
                  <StatusBadge status={t.to} />
                  <span className="text-zinc-600 dark:text-zinc-400">{t.detail}</span>
                </li>
              ))}
          </ol>
        </div>
        <div className="space-y-4 text-sm">
          {scalars.length > 0 && (
            <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-xs">
              {scalars.map(([k, v]) => (
                <div key={k} className="flex justify-between gap-2 border-b border-zinc-100 py-1 dark:border-zinc-800">
                  <dt className="text-zinc-500">{k}</dt>
                  <dd className="font-mono">{String(v)}</dd>
                </div>
              ))}
            </dl>
          )}
          {Array.isArray(m.brokers) && (
            <div>
              <h3 className="mb-1 text-xs font-semibold uppercase text-zinc-500">Brokers</h3>
              <ul className="text-xs">
                {(m.brokers as { id: number; address: string; controller: boolean }[]).map((b) => (
                  <li key={b.id} className="font-mono">
                    {b.id} · {b.address}
                    {b.controller ? " · controller" : ""}
                  </li>
                ))}
              </ul>
              {Array.isArray(m.missingBrokers) && (m.missingBrokers as number[]).length > 0 && (
                <p className="mt-1 text-xs text-red-600">missing: {(m.missingBrokers as number[]).join(", ")}</p>
              )}
            </div>
          )}
          {Array.isArray(m.underReplicatedPartitions) && (m.underReplicatedPartitions as Urp[]).length > 0 && (
            <div>
              <h3 className="mb-1 text-xs font-semibold uppercase text-zinc-500">
                Under-replicated partitions ({String(m.underReplicated)})
              </h3>
              <DataTable
                label="Under-replicated partitions"
                data={(m.underReplicatedPartitions as Urp[]).slice(0, 20)}
                columns={URP_COLUMNS}
                sortable={false}
                style={DETAIL_TABLE_STYLE}
                rowId={(p) => `${p.topic}-${p.partition}`}
              />
            </div>
          )}
          {Array.isArray(m.lag) && (m.lag as Lag[]).length > 0 && (
            <div>
              <h3 className="mb-1 text-xs font-semibold uppercase text-zinc-500">Consumer lag</h3>
              <DataTable
                label="Consumer lag"
                data={(m.lag as Lag[]).slice(0, 20)}
                columns={LAG_COLUMNS}
                sortable={false}
                style={DETAIL_TABLE_STYLE}
                rowId={(l) => `${l.group}-${l.topic}`}
              />
            </div>
          )}
        </div>
      </div>
    </Card>
  );
}
