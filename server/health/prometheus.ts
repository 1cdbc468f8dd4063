import "server-only";
import { queryRange } from "../adapters/prometheus/index.ts";
import { DependencyUnavailableError } from "../errors.ts";
import type { SeriesResult, SERIES } from "./contract.ts";
import type { PrometheusChoice } from "./resolve-prometheus.ts";

/** The seed's series (contracts.md 3.3) as the charts show them; only these queries are sent, never user PromQL. */
const QUERIES: Record<(typeof SERIES)[number], string> = {
  job_duration_seconds: "max by (job) (job_duration_seconds)",
  records_processed_total: "sum by (job) (records_processed_total)",
  kafka_consumer_lag_messages: "sum by (topic, consumer_group) (kafka_consumer_lag_messages)",
  data_quality_score: "avg by (layer) (data_quality_score)",
};

/** A range query against Prometheus' HTTP API, bounded; an absent or failing Prometheus is a 503 that says why. */
export async function querySeries(
  choice: PrometheusChoice,
  metric: (typeof SERIES)[number],
  minutes: number,
  timeoutMs: number,
  now = Date.now(),
): Promise<SeriesResult> {
  const prometheusUrl = choice.url;
  if (!prometheusUrl) throw new DependencyUnavailableError("prometheus", choice.reason);
  const step = Math.max(15, Math.round((minutes * 60) / 240));
  const query = QUERIES[metric];
  const series = await queryRange(
    prometheusUrl,
    { query, startMs: now - minutes * 60_000, endMs: now, stepSeconds: step },
    timeoutMs,
  );
  return { metric, query, stepSeconds: step, prometheusAsked: choice.reason, series };
}
