import "server-only";
import { z } from "zod";
import { DependencyUnavailableError } from "../errors.ts";
import type { SeriesResult, SERIES } from "./contract.ts";
import { httpGet, ProbeFailure } from "./probes.ts";
import type { PrometheusChoice } from "./resolve-prometheus.ts";
import { redact } from "./targets.ts";

/** The seed's series (contracts.md 3.3) as the charts show them; only these queries are sent, never user PromQL. */
const QUERIES: Record<(typeof SERIES)[number], string> = {
  job_duration_seconds: "max by (job) (job_duration_seconds)",
  records_processed_total: "sum by (job) (records_processed_total)",
  kafka_consumer_lag_messages: "sum by (topic, consumer_group) (kafka_consumer_lag_messages)",
  data_quality_score: "avg by (layer) (data_quality_score)",
};

const RangeResponse = z.object({
  status: z.literal("success"),
  data: z.object({ result: z.array(z.object({ metric: z.record(z.string(), z.string()), values: z.array(z.tuple([z.number(), z.string()])) })) }),
});

/** A range query against Prometheus' HTTP API, bounded; an absent or failing Prometheus is a 503 that says why. */
export async function querySeries(choice: PrometheusChoice, metric: (typeof SERIES)[number], minutes: number, timeoutMs: number, now = Date.now()): Promise<SeriesResult> {
  const prometheusUrl = choice.url;
  if (!prometheusUrl) throw new DependencyUnavailableError("prometheus", choice.reason);
  const step = Math.max(15, Math.round((minutes * 60) / 240));
  const query = QUERIES[metric];
  const url = new URL("/api/v1/query_range", prometheusUrl);
  url.search = new URLSearchParams({ query, start: String((now - minutes * 60_000) / 1000), end: String(now / 1000), step: String(step) }).toString();
  let r;
  try {
    r = await httpGet(url.toString(), timeoutMs);
  } catch (e) {
    throw new DependencyUnavailableError("prometheus", `Prometheus did not answer: ${e instanceof ProbeFailure ? e.message : String(e)}`);
  }
  if (r.status !== 200) throw new DependencyUnavailableError("prometheus", `HTTP ${r.status} from ${redact(prometheusUrl)} for ${query}`);
  let body: unknown = null;
  try { body = JSON.parse(r.body); } catch { /* reported below */ }
  const parsed = RangeResponse.safeParse(body);
  if (!parsed.success) throw new DependencyUnavailableError("prometheus", `unexpected answer from ${redact(prometheusUrl)} for ${query}`);
  return {
    metric, query, stepSeconds: step, prometheusAsked: choice.reason,
    series: parsed.data.data.result.map((s) => ({ labels: s.metric, points: s.values.map(([t, v]) => [t * 1000, Number(v)] as [number, number]).filter(([, v]) => Number.isFinite(v)) })),
  };
}
