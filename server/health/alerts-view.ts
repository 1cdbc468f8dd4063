import "server-only";
import type { Db } from "../adapters/db/index.ts";
import { listAlerts } from "./alerts.ts";
import type { AlertsResponse, PrometheusAlert } from "./contract.ts";
import type { HealthMonitor } from "./monitor.ts";
import { PROBES } from "./probes.ts";
import { resolvePrometheus } from "./resolve-prometheus.ts";

/** Our rules and alerts, with the active alerts of the Prometheus that every view asks (resolvePrometheus) beside them. */
export async function alertsWithPrometheus(
  db: Db,
  monitor: HealthMonitor,
  webhook: boolean,
  prometheusUrl?: string,
  timeoutMs = 3000,
): Promise<AlertsResponse> {
  const [ours, snapshot] = await Promise.all([listAlerts(db), monitor.snapshot().catch(() => null)]);
  const choice = resolvePrometheus(prometheusUrl, snapshot?.services ?? []);
  const probed = snapshot?.services.find((s) => s.service === choice.service);
  const up = probed && probed.status !== "down" ? probed : undefined;
  if (up || !choice.url) {
    return {
      ...ours,
      webhook,
      prometheus: up ? ((up.metrics.alerts as PrometheusAlert[] | undefined) ?? []) : null,
      prometheusError: up ? null : choice.reason,
      prometheusAsked: choice.reason,
    };
  }
  // A Prometheus that no probe watches (NEXUS_PROMETHEUS_URL alone): ask it for its alerts now, as a probe would.
  try {
    const r = await PROBES.prometheus!(choice.url, timeoutMs);
    return {
      ...ours,
      webhook,
      prometheus: (r.metrics.alerts as PrometheusAlert[] | undefined) ?? [],
      prometheusError: null,
      prometheusAsked: choice.reason,
    };
  } catch (e) {
    return {
      ...ours,
      webhook,
      prometheus: null,
      prometheusError: `${choice.reason}: ${e instanceof Error ? e.message : String(e)}`,
      prometheusAsked: choice.reason,
    };
  }
}
