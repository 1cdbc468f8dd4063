// Platform health: the probe monitor and its history, roll-ups, alert rules, Prometheus series and the live stream.
import "server-only";
export { createHealthMonitor, type HealthMonitor } from "./monitor.ts";
export { listAlerts, updateRule, evaluateAlerts, ensureBuiltInRules } from "./alerts.ts";
export { healthHistory, pruneHealthChecks } from "./queries.ts";
export { querySeries } from "./prometheus.ts";
export { streamHealth } from "./stream.ts";
export { alertsWithPrometheus } from "./alerts-view.ts";
export { resolvePrometheus, type PrometheusChoice } from "./resolve-prometheus.ts";
export { pickService } from "./pick-service.ts";
export { createClusteredMonitor, SNAPSHOT_KEY } from "./clustered.ts";
