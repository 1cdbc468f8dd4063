"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { z } from "zod";
import { apiFetch } from "@/components/data/api-fetch";
import { apiPath } from "@/components/data/api-path";
import { onStreamEvent } from "@/components/data/use-event-stream";
import { queryKeys } from "@/components/data/query-keys";
import { Job, JobList } from "@/server/jobs/contract";
import { jobOps } from "@/server/jobs/operations";
import { StackList, StackSummary } from "@/server/stack/contract";
import { stackOps } from "@/server/stack/operations";

export const stackKeys = {
  all: ["stacks"] as const,
  list: () => queryKeys.stacks,
  history: (name: string) => [...stackKeys.all, "history", name] as const,
};

/** Polled often while this page's job or any stack operation (started anywhere) runs, so buttons and counts follow it. */
export const useStacks = (polling: boolean) =>
  useQuery({
    queryKey: stackKeys.list(),
    queryFn: () => apiFetch(apiPath(stackOps.list), StackList),
    refetchInterval: (q) => (polling || q.state.data?.stacks.some((s) => s.activeOperation) ? 1500 : 10_000),
  });

const OperationResult = z.object({ job: Job, stack: StackSummary });

export function useStackOperation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({
      name,
      op,
      volumes,
      confirm,
      driver,
    }: {
      name: string;
      op: "up" | "down";
      volumes?: boolean;
      confirm?: string;
      driver?: "compose" | "swarm";
    }) => {
      const url =
        op === "up"
          ? apiPath(stackOps.up, { name }, driver === "swarm" ? { driver } : {})
          : apiPath(stackOps.down, { name }, volumes ? { volumes: "true", confirm } : {});
      return apiFetch(url, OperationResult, { method: "POST" });
    },
    onSettled: () => qc.invalidateQueries({ queryKey: stackKeys.all }),
  });
}

export function useServiceAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ name, service, action }: { name: string; service: string; action: "start" | "stop" | "restart" }) =>
      apiFetch(apiPath(stackOps.service, { name, service, action }), OperationResult, { method: "POST" }),
    onSettled: () => qc.invalidateQueries({ queryKey: stackKeys.all }),
  });
}

/** Scale or rolling update of one service of a swarm stack (durable jobs with progress per task). */
export function useSwarmServiceOp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (
      v:
        | { op: "scale"; name: string; service: string; replicas: number }
        | { op: "update"; name: string; service: string; image?: string; env?: Record<string, string> },
    ) =>
      apiFetch(
        apiPath(v.op === "scale" ? stackOps.scale : stackOps.update, { name: v.name, service: v.service }),
        OperationResult,
        {
          method: "POST",
          body: v.op === "scale" ? { replicas: v.replicas } : { image: v.image, env: v.env },
        },
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: stackKeys.all }),
  });
}

export type ServiceStats = { cpuPercent: number; memoryBytes: number; memoryLimitBytes: number; at: number };
const StatsEvent = z.object({
  service: z.string(),
  cpuPercent: z.number(),
  memoryBytes: z.number(),
  memoryLimitBytes: z.number(),
});

/** CPU and memory per service from the stack's stats stream; reopened when the set of running services changes. */
export function useStackStats(name: string, runningKey: string): Record<string, ServiceStats> {
  const [stats, setStats] = useState<{ key: string; byService: Record<string, ServiceStats> }>({
    key: "",
    byService: {},
  });
  const key = `${name}|${runningKey}`;
  useEffect(() => {
    if (!runningKey) return;
    const es = new EventSource(apiPath(stackOps.stats, { name }), { withCredentials: true });
    onStreamEvent(es, "stats", StatsEvent, (s) =>
      setStats((prev) => ({
        key,
        byService: { ...(prev.key === key ? prev.byService : {}), [s.service]: { ...s, at: Date.now() } },
      })),
    );
    es.addEventListener("end", () => es.close());
    return () => es.close();
  }, [name, runningKey, key]);
  return stats.key === key ? stats.byService : {};
}

export type LogLine = { id: number; service: string; stream: "stdout" | "stderr"; at: string; line: string };
const LogEvent = z.object({
  service: z.string(),
  stream: z.enum(["stdout", "stderr"]),
  at: z.string(),
  line: z.string(),
});
const MAX_LINES = 2000;

/** Log lines of the chosen services (all when none), newest last, at most 2,000 kept. */
export function useStackLogs(name: string, services: string[], open: boolean): { lines: LogLine[]; ended: boolean } {
  const [state, setState] = useState<{ key: string; lines: LogLine[]; ended: boolean }>({
    key: "",
    lines: [],
    ended: false,
  });
  const key = `${name}|${services.join(",")}|${open}`;
  useEffect(() => {
    if (!open) return;
    let n = 0;
    const es = new EventSource(apiPath(stackOps.logs, { name }, { tail: 200, services: services.join(",") }), {
      withCredentials: true,
    });
    onStreamEvent(es, "log", LogEvent, (l) =>
      setState((prev) => ({
        key,
        ended: false,
        lines: [...(prev.key === key ? prev.lines : []), { ...l, id: n++ }].slice(-MAX_LINES),
      })),
    );
    es.addEventListener("end", () => {
      setState((prev) => ({ ...prev, key, ended: true }));
      es.close();
    });
    return () => es.close();
  }, [name, services, open, key]);
  return state.key === key ? { lines: state.lines, ended: state.ended } : { lines: [], ended: false };
}

/** The stack's operations (up, down, per service) from the job list, newest first. */
export const useStackHistory = (name: string) =>
  useQuery({
    queryKey: stackKeys.history(name),
    queryFn: async () =>
      (await apiFetch(apiPath(jobOps.list, null, { limit: 200 }), JobList)).jobs.filter(
        (j) => j.kind.startsWith("stack.") && (j.payload as { template?: string } | null)?.template === name,
      ),
    refetchInterval: 5000,
  });
