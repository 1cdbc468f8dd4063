import "server-only";
import type { Db } from "../adapters/db/index.ts";
import { listAlerts } from "./alerts.ts";
import type { AlertsResponse, PrometheusAlert } from "./contract.ts";
import type { HealthMonitor } from "./monitor.ts";

/** Our rules and alerts, with Prometheus' active alerts from the last probe of a Prometheus beside them. */
export async function alertsWithPrometheus(db: Db, monitor: HealthMonitor, webhook: boolean): Promise<AlertsResponse> {
  const [ours, snapshot] = await Promise.all([listAlerts(db), monitor.snapshot().catch(() => null)]);
  const prom = snapshot?.services.filter((s) => s.kind === "prometheus") ?? [];
  const upProm = prom.find((p) => p.status !== "down");
  return {
    ...ours, webhook,
    prometheus: upProm ? ((upProm.metrics.alerts as PrometheusAlert[] | undefined) ?? []) : null,
    prometheusError: upProm ? null : prom.length ? `${prom[0]!.service} is down: ${prom[0]!.detail}` : "no Prometheus is probed (add a prometheus entry to NEXUS_PROBES)",
  };
}
