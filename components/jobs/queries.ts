"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/data/api-fetch";
import { Job, JobList, type SubmitJobBody } from "@/server/jobs/contract";

export const jobKeys = {
  all: ["jobs"] as const,
  list: () => [...jobKeys.all, "list"] as const,
};

export const useJobs = () =>
  useQuery({
    queryKey: jobKeys.list(),
    queryFn: () => apiFetch("/api/v1/jobs?limit=100", JobList),
    // Poll while anything is queued or running; idle lists stay quiet.
    refetchInterval: (q) => (q.state.data?.jobs.some((j) => j.state === "running" || j.state === "queued") ? 2000 : false),
  });

export function useCancelJob() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`/api/v1/jobs/${encodeURIComponent(id)}/cancel`, Job, { method: "POST" }),
    onSettled: () => qc.invalidateQueries({ queryKey: jobKeys.all }),
  });
}

export function useSubmitJob() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SubmitJobBody) => apiFetch("/api/v1/jobs", Job, { method: "POST", body }),
    onSettled: () => qc.invalidateQueries({ queryKey: jobKeys.all }),
  });
}
