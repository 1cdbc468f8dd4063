"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/data/api-fetch";
import { apiPath } from "@/components/data/api-path";
import {
  DatasetDetail,
  DatasetList,
  GraphResult,
  JobDetail,
  JobList,
  QualityOverview,
  RunDetail,
  RunList,
} from "@/server/lineage/contract";
import { lineageOps } from "@/server/lineage/operations";

export const lineageKeys = {
  all: ["lineage"] as const,
  datasets: (search: string) => [...lineageKeys.all, "datasets", search] as const,
  jobs: () => [...lineageKeys.all, "jobs"] as const,
  graph: (node: string | null, direction: string, depth: number) =>
    [...lineageKeys.all, "graph", node, direction, depth] as const,
  dataset: (id: string) => [...lineageKeys.all, "dataset", id] as const,
  job: (id: string) => [...lineageKeys.all, "job", id] as const,
  runs: () => [...lineageKeys.all, "runs"] as const,
  run: (id: string) => [...lineageKeys.all, "run", id] as const,
};

export const qualityKeys = {
  all: ["quality"] as const,
  overview: () => [...qualityKeys.all, "overview"] as const,
};

export const useDatasets = (search: string) =>
  useQuery({
    queryKey: lineageKeys.datasets(search),
    placeholderData: keepPreviousData,
    queryFn: () => apiFetch(apiPath(lineageOps.datasets, null, { search, limit: 200 }), DatasetList),
  });
export const useJobs = () =>
  useQuery({ queryKey: lineageKeys.jobs(), queryFn: () => apiFetch(apiPath(lineageOps.jobs), JobList) });
export const useGraph = (node: string | null, direction: string, depth: number) =>
  useQuery({
    queryKey: lineageKeys.graph(node, direction, depth),
    enabled: node !== null,
    placeholderData: keepPreviousData,
    retry: false,
    queryFn: () => apiFetch(apiPath(lineageOps.graph, null, { node, direction, depth }), GraphResult),
  });
export const useDataset = (id: string) =>
  useQuery({
    queryKey: lineageKeys.dataset(id),
    queryFn: () => apiFetch(apiPath(lineageOps.dataset, { id }), DatasetDetail),
    retry: false,
  });
export const useJob = (id: string) =>
  useQuery({
    queryKey: lineageKeys.job(id),
    queryFn: () => apiFetch(apiPath(lineageOps.job, { id }), JobDetail),
    retry: false,
  });
export const useRuns = () =>
  useQuery({
    queryKey: lineageKeys.runs(),
    queryFn: () => apiFetch(apiPath(lineageOps.runs, null, { limit: 20 }), RunList),
    refetchInterval: 10_000,
  });
/** A run with its parent and children; refreshed while it or a child is still running. */
export const useRun = (id: string | null) =>
  useQuery({
    queryKey: lineageKeys.run(id ?? ""),
    enabled: id !== null,
    queryFn: () => apiFetch(apiPath(lineageOps.run, { id: id ?? "" }), RunDetail),
    retry: false,
    refetchInterval: (q) =>
      q.state.data && [q.state.data, ...q.state.data.children].some((r) => r.endedAt === null) ? 10_000 : false,
  });
export const useQualityOverview = () =>
  useQuery({
    queryKey: qualityKeys.overview(),
    refetchInterval: 15_000,
    queryFn: () => apiFetch(apiPath(lineageOps.qualityOverview, null, { threshold: 80 }), QualityOverview),
  });
