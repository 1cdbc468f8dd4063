import { z } from "zod";

import { CLUSTERS, Cluster } from "../stack/contract.ts";

// A stack template names the cluster each service rolls up into, so the list is the stack's; health reads it.
export { CLUSTERS, Cluster };

export const PROBE_KINDS = [
  "kafka",
  "spark",
  "s3",
  "moto",
  "postgres",
  "iceberg",
  "clickhouse",
  "prometheus",
  "pushgateway",
  "grafana",
  "openmetadata",
  "http",
  "tcp",
  "container",
] as const;
export const ProbeKind = z.enum(PROBE_KINDS);
export type ProbeKind = z.infer<typeof ProbeKind>;

export const Status = z.enum(["up", "degraded", "down", "unknown"]);
export type Status = z.infer<typeof Status>;

/** What one probe found: numbers and small lists shown on the tiles and the health page. */
export const ProbeMetrics = z.record(z.string(), z.unknown());
export type ProbeMetrics = z.infer<typeof ProbeMetrics>;

export const ServiceHealth = z.object({
  service: z.string(),
  cluster: Cluster,
  kind: ProbeKind,
  /** Where it was probed: a URL, host:port or a container name; never a password. */
  target: z.string(),
  status: Status,
  /** What failed (connection refused, timeout, HTTP status, which broker), or a short summary when up. */
  detail: z.string(),
  latencyMs: z.number(),
  metrics: ProbeMetrics,
  since: z.iso.datetime(),
  checkedAt: z.iso.datetime(),
});
export type ServiceHealth = z.infer<typeof ServiceHealth>;

export const ClusterHealth = z.object({
  cluster: Cluster,
  status: Status,
  services: z.number(),
  up: z.number(),
  /** One line per service that is not up. */
  problems: z.array(z.string()),
});
export type ClusterHealth = z.infer<typeof ClusterHealth>;

export const HealthSnapshot = z.object({
  status: Status,
  checkedAt: z.iso.datetime().nullable(),
  intervalMs: z.number(),
  clusters: z.array(ClusterHealth),
  services: z.array(ServiceHealth),
  dlq: z
    .object({
      topics: z.array(z.object({ topic: z.string(), messages: z.number(), growth: z.number().nullable() })),
      total: z.number(),
    })
    .nullable(),
  /** The Prometheus the charts and alerts ask and why, resolved once on the server (NEXUS_PROMETHEUS_URL included). */
  prometheus: z
    .object({ available: z.boolean(), origin: z.enum(["config", "stack", "probe"]).nullable(), reason: z.string() })
    .optional(),
});
export type HealthSnapshot = z.infer<typeof HealthSnapshot>;

export const HistoryQuery = z.object({
  service: z.string().min(1).max(200).optional(),
  minutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 30)
    .default(60),
});
export const HistoryPoint = z.object({
  checkedAt: z.iso.datetime(),
  status: Status,
  latencyMs: z.number(),
  detail: z.string(),
});
export const HealthHistory = z.object({
  /** Per cycle, how many services were up, degraded and down (the platform trend). */
  cycles: z.array(
    z.object({
      checkedAt: z.iso.datetime(),
      up: z.number(),
      degraded: z.number(),
      down: z.number(),
      dlqMessages: z.number().nullable(),
    }),
  ),
  /** With `service`: its points and its status changes, newest last. */
  points: z.array(HistoryPoint),
  transitions: z.array(z.object({ at: z.iso.datetime(), from: Status.nullable(), to: Status, detail: z.string() })),
});
export type HealthHistory = z.infer<typeof HealthHistory>;

// ---- alerts ------------------------------------------------------------------------------------------------

export const RULE_KINDS = ["quality_score", "consumer_lag", "dlq_growth", "service_down"] as const;
export const RuleKind = z.enum(RULE_KINDS);
export const Severity = z.enum(["info", "warning", "critical"]);

export const AlertRuleView = z.object({
  id: z.string(),
  name: z.string(),
  kind: RuleKind,
  description: z.string(),
  threshold: z.number(),
  forSeconds: z.number(),
  severity: Severity,
  enabled: z.boolean(),
  updatedBy: z.string().nullable(),
  updatedAt: z.iso.datetime(),
});
export type AlertRuleView = z.infer<typeof AlertRuleView>;

export const RulePatch = z
  .strictObject({
    threshold: z.number().finite().min(0).max(1e12).optional(),
    forSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 86400)
      .optional(),
    severity: Severity.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, "nothing to change: give threshold, forSeconds, severity or enabled");

export const AlertState = z.enum(["pending", "firing", "resolved"]);
export const AlertView = z.object({
  id: z.string(),
  ruleId: z.string(),
  rule: z.string(),
  severity: Severity,
  subject: z.string(),
  state: AlertState,
  value: z.number(),
  summary: z.string(),
  pendingSince: z.iso.datetime(),
  firedAt: z.iso.datetime().nullable(),
  resolvedAt: z.iso.datetime().nullable(),
  webhook: z.string().nullable(),
});
export type AlertView = z.infer<typeof AlertView>;

export const PrometheusAlert = z.object({
  name: z.string(),
  state: z.string(),
  severity: z.string().nullable(),
  summary: z.string().nullable(),
  activeAt: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
});
export type PrometheusAlert = z.infer<typeof PrometheusAlert>;

export const AlertsResponse = z.object({
  rules: z.array(AlertRuleView),
  active: z.array(AlertView),
  history: z.array(AlertView),
  /** Prometheus' own active alerts, when a Prometheus is probed; `prometheusError` says why not. */
  prometheus: z.array(PrometheusAlert).nullable(),
  prometheusError: z.string().nullable(),
  /** Which Prometheus is asked and why (the same resolution as the charts). */
  prometheusAsked: z.string().optional(),
  webhook: z.boolean(),
});
export type AlertsResponse = z.infer<typeof AlertsResponse>;

export const RuleIdParams = z.object({ id: z.string().regex(/^[a-z0-9-]{1,64}$/) });

// ---- Prometheus series -------------------------------------------------------------------------------------

export const SERIES = [
  "job_duration_seconds",
  "records_processed_total",
  "kafka_consumer_lag_messages",
  "data_quality_score",
] as const;
export const SeriesQuery = z.object({
  metric: z.enum(SERIES),
  minutes: z.coerce
    .number()
    .int()
    .min(5)
    .max(60 * 24 * 7)
    .default(60),
});
export const SeriesResult = z.object({
  metric: z.string(),
  query: z.string(),
  stepSeconds: z.number(),
  /** Which Prometheus answered and why it was chosen. */
  prometheusAsked: z.string().optional(),
  series: z.array(
    z.object({ labels: z.record(z.string(), z.string()), points: z.array(z.tuple([z.number(), z.number()])) }),
  ),
});
export type SeriesResult = z.infer<typeof SeriesResult>;
