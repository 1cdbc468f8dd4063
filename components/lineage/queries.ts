"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/data/api-fetch";
import { qs } from "@/components/dlq/queries";
import { DatasetDetail, DatasetList, GraphResult, JobDetail, JobList, QualityOverview, RunList } from "@/server/lineage/contract";

export const useDatasets = (search: string) =>
  useQuery({ queryKey: ["lineage", "datasets", search], queryFn: () => apiFetch(`/api/v1/lineage/datasets${qs({ search, limit: 200 })}`, DatasetList), placeholderData: keepPreviousData });
export const useJobs = () => useQuery({ queryKey: ["lineage", "jobs"], queryFn: () => apiFetch("/api/v1/lineage/jobs", JobList) });
export const useGraph = (node: string | null, direction: string, depth: number) =>
  useQuery({
    queryKey: ["lineage", "graph", node, direction, depth], enabled: node !== null, placeholderData: keepPreviousData, retry: false,
    queryFn: () => apiFetch(`/api/v1/lineage/graph${qs({ node, direction, depth })}`, GraphResult),
  });
export const useDataset = (id: string) => useQuery({ queryKey: ["lineage", "dataset", id], queryFn: () => apiFetch(`/api/v1/lineage/datasets/${encodeURIComponent(id)}`, DatasetDetail), retry: false });
export const useJob = (id: string) => useQuery({ queryKey: ["lineage", "job", id], queryFn: () => apiFetch(`/api/v1/lineage/jobs/${encodeURIComponent(id)}`, JobDetail), retry: false });
export const useRuns = () => useQuery({ queryKey: ["lineage", "runs"], queryFn: () => apiFetch("/api/v1/lineage/runs?limit=20", RunList), refetchInterval: 10_000 });
export const useQualityOverview = () => useQuery({ queryKey: ["quality", "overview"], queryFn: () => apiFetch("/api/v1/quality/overview?threshold=80", QualityOverview), refetchInterval: 15_000 });
