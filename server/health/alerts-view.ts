import "server-only";
import type { Db } from "../adapters/db/index.ts";
import { listAlerts } from "./alerts.ts";
import type { AlertsResponse, PrometheusAlert } from "./contract.ts";
import type { HealthMonitor } from "./monitor.ts";
import { resolvePrometheus } from "./resolve-prometheus.ts";

/** Our rules and alerts, with the active alerts of the Prometheus that every view asks (resolvePrometheus) beside them. */
export async function alertsWithPrometheus(db: Db, monitor: HealthMonitor, webhook: boolean, prometheusUrl?: string): Promise<AlertsResponse> {
  const [ours, snapshot] = await Promise.all([listAlerts(db), monitor.snapshot().catch(() => null)]);
  const choice = resolvePrometheus(prometheusUrl, snapshot?.services ?? []);
  const probed = snapshot?.services.find((s) => s.service === choice.service);
  const up = probed && probed.status !== "down" ? probed : undefined;
  return {
    ...ours, webhook,
    prometheus: up ? ((up.metrics.alerts as PrometheusAlert[] | undefined) ?? []) : null,
    prometheusError: up ? null : choice.url ? `${choice.reason}; its alerts are not probed` : choice.reason,
    prometheusAsked: choice.reason,
  };
}
