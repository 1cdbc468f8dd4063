import { defineOperation } from "../define-operation.ts";
import {
  AlertRuleView,
  AlertsResponse,
  HealthHistory,
  HealthSnapshot,
  HistoryQuery,
  RuleIdParams,
  RulePatch,
  SeriesQuery,
  SeriesResult,
} from "./contract.ts";

const tag = "health";

export const healthOps = {
  snapshot: defineOperation({
    method: "GET",
    path: "/api/v1/health",
    tag,
    role: "viewer",
    scope: "health:read",
    response: HealthSnapshot,
    summary:
      "The last probe cycle: platform status, a roll-up per cluster, every service with what failed and since when, DLQ totals",
  }),
  probe: defineOperation({
    method: "POST",
    path: "/api/v1/health/probe",
    tag,
    role: "viewer",
    scope: "health:read",
    response: HealthSnapshot,
    audit: "health.probe",
    summary: "Probe every service now (joins a cycle already under way) and answer the new snapshot",
  }),
  history: defineOperation({
    method: "GET",
    path: "/api/v1/health/history",
    tag,
    role: "viewer",
    scope: "health:read",
    query: HistoryQuery,
    response: HealthHistory,
    summary:
      "The platform trend (services up/degraded/down and DLQ messages per cycle) and, with `service`, its points and status changes",
  }),
  stream: defineOperation({
    method: "GET",
    path: "/api/v1/health/stream",
    tag,
    role: "viewer",
    scope: "health:read",
    responseType: "text/event-stream",
    events: { health: HealthSnapshot },
    summary: "Live health (Server-Sent Events)",
    description: "Sends `event: health` with the snapshot now and after every probe cycle.",
  }),
  series: defineOperation({
    method: "GET",
    path: "/api/v1/health/series",
    tag,
    role: "viewer",
    scope: "health:read",
    query: SeriesQuery,
    response: SeriesResult,
    summary:
      "A seed series from Prometheus' query API (job_duration_seconds, records_processed_total, kafka_consumer_lag_messages, data_quality_score)",
  }),
  alerts: defineOperation({
    method: "GET",
    path: "/api/v1/alerts",
    tag: "alerts",
    role: "viewer",
    scope: "health:read",
    response: AlertsResponse,
    summary:
      "Alert rules, active alerts (pending and firing), recent resolved ones, and Prometheus' own active alerts beside them",
  }),
  updateRule: defineOperation({
    method: "PATCH",
    path: "/api/v1/alerts/rules/{id}",
    tag: "alerts",
    role: "admin",
    scope: "health:write",
    params: RuleIdParams,
    body: RulePatch,
    response: AlertRuleView,
    audit: "alert-rule.update",
    summary: "Change a rule's threshold, duration, severity or whether it is evaluated",
  }),
};
