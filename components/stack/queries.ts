"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { apiFetch } from "@/components/data/api-fetch";
import { queryKeys } from "@/components/data/query-keys";
import { Job } from "@/server/jobs/contract";
import { StackList, StackSummary } from "@/server/stack/contract";

export const stackKeys = { all: ["stacks"] as const, list: () => queryKeys.stacks };

export const useStacks = (polling: boolean) =>
  useQuery({ queryKey: stackKeys.list(), queryFn: () => apiFetch("/api/v1/stacks", StackList), refetchInterval: polling ? 1500 : 10_000 });

const OperationResult = z.object({ job: Job, stack: StackSummary });

export function useStackOperation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ name, op }: { name: string; op: "up" | "down" }) =>
      apiFetch(`/api/v1/stacks/${encodeURIComponent(name)}/${op}`, OperationResult, { method: "POST" }),
    onSettled: () => qc.invalidateQueries({ queryKey: stackKeys.all }),
  });
}
