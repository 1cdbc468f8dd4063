"use client";
import { useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { apiFetch } from "@/components/data/api-fetch";
import { apiPath } from "@/components/data/api-path";
import { SystemInfo } from "@/server/system/contract";
import { systemOps } from "@/server/system/operations";

export const systemKeys = {
  all: ["system"] as const,
  info: () => [...systemKeys.all, "info"] as const,
  openapi: () => [...systemKeys.all, "openapi"] as const,
};

export const useSystemInfo = () =>
  useQuery({
    queryKey: systemKeys.info(),
    queryFn: () => apiFetch(apiPath(systemOps.info), SystemInfo),
    refetchInterval: 15_000,
  });

const OpenApiDoc = z.object({
  info: z.object({ title: z.string(), version: z.string(), description: z.string().optional() }),
  paths: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown()))),
});
export type OpenApiDoc = z.infer<typeof OpenApiDoc>;
export const useOpenApi = () =>
  useQuery({
    queryKey: systemKeys.openapi(),
    queryFn: () => apiFetch(apiPath(systemOps.openapi), OpenApiDoc),
    staleTime: Infinity,
  });
