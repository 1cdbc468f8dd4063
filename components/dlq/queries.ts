"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/data/api-fetch";
import {
  BrowsePage, CreatedTargetTopic, DlqMessage, GroupResult, Replay, ReplayCreated, ReplayJournal, ReplayList, SourceMappingList, TopicList, TopicSummary,
  type CreateTargetTopicBody, type MessageFilter, type ReplayRequest,
} from "@/server/dlq/contract";

export const dlqKeys = { all: ["dlq"] as const };

export type BrowseParams = MessageFilter & { from: "earliest" | "latest" | "offset" | "timestamp"; offset?: string; timestamp?: string; cursor?: string; limit: number };

/** URL query string from a params object, leaving out empty values. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : "";
}

const topicUrl = (t: string) => `/api/v1/dlq/topics/${encodeURIComponent(t)}`;

export const useDlqTopics = () => useQuery({ queryKey: [...dlqKeys.all, "topics"], queryFn: () => apiFetch("/api/v1/dlq/topics", TopicList), refetchInterval: 15_000, retry: false });
export const useDlqTopic = (topic: string) =>
  useQuery({ queryKey: [...dlqKeys.all, "topic", topic], queryFn: () => apiFetch(topicUrl(topic), TopicSummary), refetchInterval: 15_000, retry: false });

export const useBrowse = (topic: string, p: BrowseParams) =>
  useQuery({
    queryKey: [...dlqKeys.all, "browse", topic, p],
    queryFn: () => apiFetch(`${topicUrl(topic)}/messages${qs({ ...p, preview: 16384 })}`, BrowsePage),
    placeholderData: keepPreviousData, retry: false,
  });

export const useGroups = (topic: string, f: MessageFilter) =>
  useQuery({ queryKey: [...dlqKeys.all, "groups", topic, f], queryFn: () => apiFetch(`${topicUrl(topic)}/groups${qs({ ...f, by: "errorClass" })}`, GroupResult), retry: false });

export const useMessage = (topic: string, ref: { partition: number; offset: string } | null) =>
  useQuery({
    queryKey: [...dlqKeys.all, "message", topic, ref],
    queryFn: () => apiFetch(`${topicUrl(topic)}/messages/${ref!.partition}/${ref!.offset}`, DlqMessage),
    enabled: ref !== null, retry: false,
  });

export const useMappings = (topic: string) => useQuery({ queryKey: [...dlqKeys.all, "mappings", topic], queryFn: () => apiFetch(`${topicUrl(topic)}/mappings`, SourceMappingList) });

export function usePutMappings(topic: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (mappings: { source: string; targetTopic: string }[]) => apiFetch(`${topicUrl(topic)}/mappings`, SourceMappingList, { method: "PUT", body: { mappings } }),
    onSettled: () => qc.invalidateQueries({ queryKey: dlqKeys.all }),
  });
}

export function useSubmitReplay() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (req: Partial<ReplayRequest> & { sourceTopic: string }) => apiFetch("/api/v1/dlq/replays", ReplayCreated, { method: "POST", body: req }),
    onSettled: (_d, _e, req) => { if (!req.dryRun) void qc.invalidateQueries({ queryKey: [...dlqKeys.all, "replays"] }); },
  });
}

export const useReplays = (live: boolean) =>
  useQuery({ queryKey: [...dlqKeys.all, "replays"], queryFn: () => apiFetch("/api/v1/dlq/replays", ReplayList), refetchInterval: live ? 1000 : 10_000 });

/** A replay's journal; kept fresh while the replay is still at work (`state` in the key: read again once it ends). */
export const useJournal = (id: string | null, state: string | undefined) =>
  useQuery({
    queryKey: [...dlqKeys.all, "journal", id, state], queryFn: () => apiFetch(`/api/v1/dlq/replays/${id}/journal?limit=200`, ReplayJournal), enabled: id !== null,
    refetchInterval: state === "running" || state === "queued" || state === "paused" ? 1000 : false,
  });

export function useControlReplay() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: "pause" | "resume" | "cancel" }) => apiFetch(`/api/v1/dlq/replays/${id}/control`, Replay, { method: "POST", body: { action } }),
    onSettled: () => qc.invalidateQueries({ queryKey: [...dlqKeys.all, "replays"] }),
  });
}

/** Creates a replay target topic a dry run found missing (operator; audited server-side). */
export function useCreateTargetTopic() {
  return useMutation({
    mutationFn: (body: CreateTargetTopicBody) => apiFetch("/api/v1/dlq/target-topics", CreatedTargetTopic, { method: "POST", body }),
  });
}
