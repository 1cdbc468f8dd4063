"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/data/api-fetch";
import { apiPath } from "@/components/data/api-path";
import { Job, JobList, type SubmitJobBody } from "@/server/jobs/contract";
import { jobOps } from "@/server/jobs/operations";

export const jobKeys = {
  all: ["jobs"] as const,
  list: () => [...jobKeys.all, "list"] as const,
};

/** The job's event stream (the job as it changes, until it ends). */
export const jobEventsUrl = (id: string) => apiPath(jobOps.events, { id });

export const useJobs = () =>
  useQuery({
    queryKey: jobKeys.list(),
    queryFn: () => apiFetch(apiPath(jobOps.list, null, { limit: 100 }), JobList),
    // Poll while anything is queued or running; idle lists stay quiet.
    refetchInterval: (q) =>
      q.state.data?.jobs.some((j) => j.state === "running" || j.state === "queued") ? 2000 : false,
  });

export function useCancelJob() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(apiPath(jobOps.cancel, { id }), Job, { method: "POST" }),
    onSettled: () => qc.invalidateQueries({ queryKey: jobKeys.all }),
  });
}

export function useSubmitJob() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SubmitJobBody) => apiFetch(apiPath(jobOps.submit), Job, { method: "POST", body }),
    onSettled: () => qc.invalidateQueries({ queryKey: jobKeys.all }),
  });
}
