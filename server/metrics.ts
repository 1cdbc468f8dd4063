import "server-only";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

export type LayerScore = { layer: string; score: number };
/** What the health gauges read of the last probe cycle (the health snapshot has this shape, and more). */
export type HealthFigures = {
  services: readonly { service: string; cluster: string; status: "up" | "degraded" | "down" | "unknown" }[];
  clusters: readonly { cluster: string; status: "up" | "degraded" | "down" | "unknown" }[];
  dlq: { topics: readonly { topic: string; messages: number }[] } | null;
};
export type Metrics = {
  registry: Registry;
  httpDuration: Histogram<"method" | "route" | "status">;
  /** Records a replay sent, skipped or parked (the dlq.replay job). */
  dlqReplayed: Counter<"outcome">;
  /** 1 while this instance leads the cluster (runs the health probes and alert evaluation), else 0. */
  clusterLeader: Gauge;
  /** Where `data_quality_score{layer}` is read from at scrape time (set once the database is up). */
  setQualitySource(fn: () => Promise<LayerScore[]>): void;
  /** Where service, cluster and DLQ gauges are read from at scrape time: the health monitor's last cycle. */
  setHealthSource(fn: () => HealthFigures | null): void;
};

const KEY = Symbol.for("nexus.metrics");
type Holder = { [KEY]?: Metrics };

/** The process-wide Prometheus registry: process metrics plus the HTTP duration histogram. */
export function getMetrics(): Metrics {
  const g = globalThis as Holder;
  if (g[KEY]) return g[KEY];
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "nexus_" });
  const httpDuration = new Histogram({
    name: "nexus_http_request_duration_seconds",
    help: "API request duration by route pattern, method and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const dlqReplayed = new Counter({
    name: "nexus_dlq_replayed_messages_total",
    help: "Dead-lettered messages handled by replays, by outcome (sent, skipped, parked)",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const clusterLeader = new Gauge({
    name: "nexus_cluster_leader",
    help: "1 while this control-plane instance is the cluster leader (health probes, alert evaluation), else 0",
    registers: [registry],
  });
  let qualitySource: (() => Promise<LayerScore[]>) | null = null;
  new Gauge({
    // The seed's metric (contracts.md 3.3): the average of each dataset's latest score, per layer.
    name: "data_quality_score",
    help: "Data quality score 0-100 by layer: the average of each dataset's latest result",
    labelNames: ["layer"] as const,
    registers: [registry],
    async collect() {
      if (!qualitySource) return;
      this.reset();
      for (const r of await qualitySource().catch(() => [])) this.set({ layer: r.layer }, r.score);
    },
  });
  let healthSource: (() => HealthFigures | null) | null = null;
  const STATUS_VALUE = { up: 1, degraded: 0.5, down: 0, unknown: 0 } as const;
  new Gauge({
    name: "nexus_service_up",
    help: "1 when the last probe found the service up or degraded, 0 when down",
    labelNames: ["service", "cluster"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of healthSource?.()?.services ?? [])
        this.set({ service: s.service, cluster: s.cluster }, s.status === "down" ? 0 : 1);
    },
  });
  new Gauge({
    name: "nexus_cluster_status",
    help: "Roll-up per cluster: 1 up, 0.5 degraded, 0 down",
    labelNames: ["cluster"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const c of healthSource?.()?.clusters ?? []) this.set({ cluster: c.cluster }, STATUS_VALUE[c.status]);
    },
  });
  new Gauge({
    name: "nexus_dlq_messages",
    help: "Messages held per dead-letter topic (high-water minus low-water offsets), at the last probe",
    labelNames: ["topic"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const t of healthSource?.()?.dlq?.topics ?? []) this.set({ topic: t.topic }, t.messages);
    },
  });
  return (g[KEY] = {
    registry,
    httpDuration,
    dlqReplayed,
    clusterLeader,
    setQualitySource: (fn) => void (qualitySource = fn),
    setHealthSource: (fn) => void (healthSource = fn),
  });
}
