"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/data/api-fetch";
import { apiPath } from "@/components/data/api-path";
import {
  BrowsePage,
  CreatedTargetTopic,
  DlqMessage,
  GroupResult,
  Replay,
  ReplayCreated,
  ReplayJournal,
  ReplayList,
  SourceMappingList,
  TopicList,
  TopicSummary,
  type CreateTargetTopicBody,
  type MessageFilter,
  type ReplayRequest,
} from "@/server/dlq/contract";
import { dlqOps, dlqS3Ops } from "@/server/dlq/operations";
import { S3CopyResult, S3PrefixList, type S3CopyRequest, type S3ReplayRequest } from "@/server/dlq/contract";

export type BrowseParams = MessageFilter & {
  from: "earliest" | "latest" | "offset" | "timestamp";
  offset?: string;
  timestamp?: string;
  cursor?: string;
  limit: number;
};
export type MessageRef = { partition: number; offset: string };

export const dlqKeys = {
  all: ["dlq"] as const,
  topics: () => [...dlqKeys.all, "topics"] as const,
  topic: (topic: string) => [...dlqKeys.all, "topic", topic] as const,
  browse: (topic: string, p: BrowseParams) => [...dlqKeys.all, "browse", topic, p] as const,
  groups: (topic: string, f: MessageFilter) => [...dlqKeys.all, "groups", topic, f] as const,
  message: (topic: string, ref: MessageRef | null) => [...dlqKeys.all, "message", topic, ref] as const,
  mappings: (topic: string) => [...dlqKeys.all, "mappings", topic] as const,
  replays: () => [...dlqKeys.all, "replays"] as const,
  journal: (id: string | null, state: string | undefined) => [...dlqKeys.all, "journal", id, state] as const,
  s3Prefixes: () => [...dlqKeys.all, "s3", "prefixes"] as const,
  s3Browse: (prefix: string, p: S3BrowseParams) => [...dlqKeys.all, "s3", "browse", prefix, p] as const,
  s3Groups: (prefix: string, f: MessageFilter) => [...dlqKeys.all, "s3", "groups", prefix, f] as const,
};
export type S3BrowseParams = MessageFilter & { cursor?: string; limit: number };

export const useS3Prefixes = () =>
  useQuery({
    queryKey: dlqKeys.s3Prefixes(),
    queryFn: () => apiFetch(apiPath(dlqS3Ops.s3Prefixes), S3PrefixList),
    refetchInterval: 30_000,
    retry: false,
  });
export const useS3Browse = (prefix: string, p: S3BrowseParams) =>
  useQuery({
    queryKey: dlqKeys.s3Browse(prefix, p),
    queryFn: () => apiFetch(apiPath(dlqS3Ops.s3Records, {}, { ...p, prefix, preview: 16384 }), BrowsePage),
    placeholderData: keepPreviousData,
    retry: false,
  });
export const useS3Groups = (prefix: string, f: MessageFilter) =>
  useQuery({
    queryKey: dlqKeys.s3Groups(prefix, f),
    queryFn: () => apiFetch(apiPath(dlqS3Ops.s3Groups, {}, { ...f, prefix, by: "errorClass" }), GroupResult),
    retry: false,
  });
/** A filtered export of an S3 prefix as JSON lines or CSV. */
export const s3ExportUrl = (prefix: string, filter: MessageFilter, format: "jsonl" | "csv") =>
  apiPath(dlqS3Ops.s3Export, {}, { ...filter, prefix, format });

export function useSubmitS3Replay() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (req: Partial<S3ReplayRequest> & { prefix: string }) =>
      apiFetch(apiPath(dlqS3Ops.s3Replay), ReplayCreated, { method: "POST", body: req }),
    onSettled: (_d, _e, req) => {
      if (!req.dryRun) void qc.invalidateQueries({ queryKey: dlqKeys.replays() });
    },
  });
}
export function useS3Copy() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (req: S3CopyRequest) => apiFetch(apiPath(dlqS3Ops.s3Copy), S3CopyResult, { method: "POST", body: req }),
    onSettled: () => qc.invalidateQueries({ queryKey: dlqKeys.s3Prefixes() }),
  });
}

export const useDlqTopics = () =>
  useQuery({
    queryKey: dlqKeys.topics(),
    queryFn: () => apiFetch(apiPath(dlqOps.topics), TopicList),
    refetchInterval: 15_000,
    retry: false,
  });
export const useDlqTopic = (topic: string) =>
  useQuery({
    queryKey: dlqKeys.topic(topic),
    queryFn: () => apiFetch(apiPath(dlqOps.topic, { topic }), TopicSummary),
    refetchInterval: 15_000,
    retry: false,
  });

export const useBrowse = (topic: string, p: BrowseParams) =>
  useQuery({
    queryKey: dlqKeys.browse(topic, p),
    queryFn: () => apiFetch(apiPath(dlqOps.messages, { topic }, { ...p, preview: 16384 }), BrowsePage),
    placeholderData: keepPreviousData,
    retry: false,
  });

export const useGroups = (topic: string, f: MessageFilter) =>
  useQuery({
    queryKey: dlqKeys.groups(topic, f),
    queryFn: () => apiFetch(apiPath(dlqOps.groups, { topic }, { ...f, by: "errorClass" }), GroupResult),
    retry: false,
  });

export const useMessage = (topic: string, ref: MessageRef | null) =>
  useQuery({
    queryKey: dlqKeys.message(topic, ref),
    queryFn: () =>
      apiFetch(apiPath(dlqOps.message, { topic, partition: ref!.partition, offset: ref!.offset }), DlqMessage),
    enabled: ref !== null,
    retry: false,
  });

/** Where a message's whole key or value downloads from. */
export const messageDownloadUrl = (topic: string, ref: MessageRef, part: "key" | "value") =>
  apiPath(dlqOps.download, { topic, partition: ref.partition, offset: ref.offset }, { part });

/** A filtered export of the topic as JSON lines or CSV. */
export const exportUrl = (topic: string, filter: MessageFilter, format: "jsonl" | "csv") =>
  apiPath(dlqOps.export, { topic }, { ...filter, format });

export const useMappings = (topic: string) =>
  useQuery({
    queryKey: dlqKeys.mappings(topic),
    queryFn: () => apiFetch(apiPath(dlqOps.mappings, { topic }), SourceMappingList),
  });

export function usePutMappings(topic: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (mappings: { source: string; targetTopic: string }[]) =>
      apiFetch(apiPath(dlqOps.putMappings, { topic }), SourceMappingList, { method: "PUT", body: { mappings } }),
    onSettled: () => qc.invalidateQueries({ queryKey: dlqKeys.all }),
  });
}

export function useSubmitReplay() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (req: Partial<ReplayRequest> & { sourceTopic: string }) =>
      apiFetch(apiPath(dlqOps.submitReplay), ReplayCreated, { method: "POST", body: req }),
    onSettled: (_d, _e, req) => {
      if (!req.dryRun) void qc.invalidateQueries({ queryKey: dlqKeys.replays() });
    },
  });
}

export const useReplays = (live: boolean) =>
  useQuery({
    queryKey: dlqKeys.replays(),
    queryFn: () => apiFetch(apiPath(dlqOps.replays), ReplayList),
    refetchInterval: live ? 1000 : 10_000,
  });

/** A replay's journal; kept fresh while the replay is still at work (`state` in the key: read again once it ends). */
export const useJournal = (id: string | null, state: string | undefined) =>
  useQuery({
    queryKey: dlqKeys.journal(id, state),
    queryFn: () => apiFetch(apiPath(dlqOps.journal, { id: id! }, { limit: 200 }), ReplayJournal),
    enabled: id !== null,
    refetchInterval: state === "running" || state === "queued" || state === "paused" ? 1000 : false,
  });

export function useControlReplay() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: "pause" | "resume" | "cancel" }) =>
      apiFetch(apiPath(dlqOps.control, { id }), Replay, { method: "POST", body: { action } }),
    onSettled: () => qc.invalidateQueries({ queryKey: dlqKeys.replays() }),
  });
}

/** Creates a replay target topic a dry run found missing (operator; audited server-side). */
export function useCreateTargetTopic() {
  return useMutation({
    mutationFn: (body: CreateTargetTopicBody) =>
      apiFetch(apiPath(dlqOps.createTargetTopic), CreatedTargetTopic, { method: "POST", body }),
  });
}
