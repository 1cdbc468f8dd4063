"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { z } from "zod";
import { apiFetch } from "@/components/data/api-fetch";
import { apiPath } from "@/components/data/api-path";
import { onStreamEvent } from "@/components/data/use-event-stream";
import { queryKeys } from "@/components/data/query-keys";
import {
  AlertRuleView,
  AlertsResponse,
  HealthHistory,
  HealthSnapshot,
  type RulePatch,
  SeriesResult,
  type SERIES,
} from "@/server/health/contract";
import { healthOps } from "@/server/health/operations";

export const healthKeys = {
  all: ["health"] as const,
  snapshot: queryKeys.healthSnapshot,
  histories: () => [...healthKeys.all, "history"] as const,
  history: (service: string | null, minutes: number) => [...healthKeys.histories(), service, minutes] as const,
  alerts: ["alerts"] as const,
  series: (metric: string, minutes: number) => [...healthKeys.all, "series", metric, minutes] as const,
};

/**
 * The last probe cycle, kept live: fetched once, then replaced by every `health` event of the SSE stream
 * (the browser's EventSource reconnects by itself after a network error). Alerts are refreshed with it.
 */
export function useHealth() {
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: healthKeys.snapshot,
    queryFn: () => apiFetch(apiPath(healthOps.snapshot), HealthSnapshot),
    refetchInterval: 60_000,
  });
  useEffect(() => {
    const es = new EventSource(apiPath(healthOps.stream), { withCredentials: true });
    onStreamEvent(es, "health", HealthSnapshot, (snapshot) => {
      qc.setQueryData(healthKeys.snapshot, snapshot);
      void qc.invalidateQueries({ queryKey: healthKeys.alerts });
      void qc.invalidateQueries({ queryKey: healthKeys.histories() });
    });
    return () => es.close();
  }, [qc]);
  return q;
}

export function useProbeNow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch(apiPath(healthOps.probe), HealthSnapshot, { method: "POST" }),
    onSuccess: (s) => {
      qc.setQueryData(healthKeys.snapshot, s);
      void qc.invalidateQueries({ queryKey: healthKeys.alerts });
    },
  });
}

export const useHealthHistory = (service: string | null, minutes: number) =>
  useQuery({
    queryKey: healthKeys.history(service, minutes),
    queryFn: () => apiFetch(apiPath(healthOps.history, null, { minutes, service }), HealthHistory),
  });

export const useAlerts = () =>
  useQuery({
    queryKey: healthKeys.alerts,
    queryFn: () => apiFetch(apiPath(healthOps.alerts), AlertsResponse),
    refetchInterval: 30_000,
  });

export function useUpdateRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: z.input<typeof RulePatch> }) =>
      apiFetch(apiPath(healthOps.updateRule, { id }), AlertRuleView, { method: "PATCH", body: patch }),
    onSettled: () => qc.invalidateQueries({ queryKey: healthKeys.alerts }),
  });
}

export const useSeries = (metric: (typeof SERIES)[number], minutes: number, enabled: boolean) =>
  useQuery({
    queryKey: healthKeys.series(metric, minutes),
    enabled,
    retry: false,
    refetchInterval: 60_000,
    queryFn: () => apiFetch(apiPath(healthOps.series, null, { metric, minutes }), SeriesResult),
  });

export type AskedPrometheus = { available: boolean; reason: string };

/** The Prometheus the server asks for charts and alerts, as the health snapshot names it (one resolution everywhere). */
export function askedPrometheus(s: HealthSnapshot | undefined): AskedPrometheus {
  return (
    s?.prometheus ?? {
      available: false,
      reason: s ? "no Prometheus resolved yet" : "waiting for the first health check",
    }
  );
}
