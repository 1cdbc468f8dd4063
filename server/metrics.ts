import "server-only";
import { collectDefaultMetrics, Histogram, Registry } from "prom-client";

export type Metrics = { registry: Registry; httpDuration: Histogram<"method" | "route" | "status"> };

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
  return (g[KEY] = { registry, httpDuration });
}
