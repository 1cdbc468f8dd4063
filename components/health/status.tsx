"use client";
import { CheckCircle2, CircleHelp, TriangleAlert, XCircle } from "lucide-react";
import type { Cluster, ServiceHealth, Status } from "@/server/health/contract";
import { Badge, type Tone } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { formatNumber, formatRatio, sumKnown } from "@/components/ui/format";

export const STATUS_TONE: Record<Status, Tone> = { up: "green", degraded: "amber", down: "red", unknown: "neutral" };
const STATUS_ICON = { up: CheckCircle2, degraded: TriangleAlert, down: XCircle, unknown: CircleHelp } as const;
export const STATUS_COLOUR: Record<Status, string> = {
  up: "#16a34a",
  degraded: "#d97706",
  down: "#dc2626",
  unknown: "#71717a",
};

export const CLUSTER_LABEL: Record<Cluster, string> = {
  kafka: "Kafka",
  "spark-streaming": "Spark streaming",
  "spark-batch": "Spark batch",
  storage: "Storage",
  catalog: "Catalog",
  monitoring: "Monitoring",
  other: "Other",
};

export function StatusBadge({ status }: { status: Status }) {
  const Icon = STATUS_ICON[status];
  return (
    <Badge tone={STATUS_TONE[status]}>
      <Icon className="mr-1 size-3" aria-hidden />
      {status}
    </Badge>
  );
}

export function StatusDot({ status, className }: { status: Status; className?: string }) {
  return (
    <span
      className={cn("inline-block size-2.5 shrink-0 rounded-full", className)}
      style={{ background: STATUS_COLOUR[status] }}
      aria-label={status}
      role="img"
    />
  );
}

const num = (v: unknown) => (typeof v === "number" ? v : null);
const gib = (mb: number | null) => (mb === null ? null : Math.round((mb / 1024) * 10) / 10);

/** The key numbers of a cluster's tile, read from its services' probe metrics. */
export function keyNumbers(
  cluster: Cluster,
  services: ServiceHealth[],
): { label: string; value: string; bad?: boolean }[] {
  const mine = services.filter((s) => s.cluster === cluster);
  const up = mine.filter((s) => s.status === "up").length;
  const base = [{ label: "services up", value: `${up}/${mine.length}`, bad: up < mine.length }];
  if (cluster === "kafka") {
    const k = mine.find((s) => s.kind === "kafka");
    if (!k || k.status === "down") return base;
    return [
      {
        label: "brokers",
        value: formatRatio(num(k.metrics.brokersUp), num(k.metrics.brokersExpected)),
        bad: k.metrics.brokersUp !== k.metrics.brokersExpected,
      },
      {
        label: "under-replicated",
        value: formatNumber(num(k.metrics.underReplicated)),
        bad: Number(k.metrics.underReplicated) > 0,
      },
      { label: "offline partitions", value: formatNumber(num(k.metrics.offline)), bad: Number(k.metrics.offline) > 0 },
      { label: "consumer lag", value: formatNumber(num(k.metrics.totalLag)) },
    ];
  }
  if (cluster === "spark-streaming" || cluster === "spark-batch") {
    const m = mine.find((s) => s.kind === "spark" && s.status !== "down");
    if (!m) return base;
    return [
      {
        label: "workers alive",
        value: formatRatio(num(m.metrics.workersAlive), num(m.metrics.workers)),
        bad: m.metrics.workersAlive !== m.metrics.workers,
      },
      { label: "cores used", value: formatRatio(num(m.metrics.coresUsed), num(m.metrics.cores)) },
      {
        label: "memory used",
        value: `${formatRatio(gib(num(m.metrics.memoryUsedMb)), gib(num(m.metrics.memoryMb)))} GiB`,
      },
      { label: "running apps", value: formatNumber(num(m.metrics.runningApps)) },
    ];
  }
  if (cluster === "monitoring") {
    const p = mine.find((s) => s.kind === "prometheus" && s.status !== "down");
    if (p)
      return [
        ...base,
        {
          label: "targets up",
          value: formatRatio(
            num(p.metrics.targetsUp),
            sumKnown([num(p.metrics.targetsUp), num(p.metrics.targetsDown)]),
          ),
          bad: Number(p.metrics.targetsDown) > 0,
        },
        {
          label: "Prometheus alerts firing",
          value: formatNumber(num(p.metrics.alertsFiring)),
          bad: Number(p.metrics.alertsFiring) > 0,
        },
      ];
  }
  return base;
}
