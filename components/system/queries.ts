"use client";
import { useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { apiFetch } from "@/components/data/api-fetch";
import { SystemInfo } from "@/server/system/contract";

export const systemKeys = { info: ["system", "info"] as const, openapi: ["system", "openapi"] as const };

export const useSystemInfo = () => useQuery({ queryKey: systemKeys.info, queryFn: () => apiFetch("/api/v1/system", SystemInfo), refetchInterval: 15_000 });

const OpenApiDoc = z.object({
  info: z.object({ title: z.string(), version: z.string(), description: z.string().optional() }),
  paths: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown()))),
});
export type OpenApiDoc = z.infer<typeof OpenApiDoc>;
export const useOpenApi = () => useQuery({ queryKey: systemKeys.openapi, queryFn: () => apiFetch("/api/openapi.json", OpenApiDoc), staleTime: Infinity });
