"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { apiFetch } from "@/components/data/api-fetch";
import { apiPath } from "@/components/data/api-path";
import {
  Backup,
  BackupList,
  BackupSchedule,
  BackupScheduleList,
  RestoreResult,
  type BackupSource,
  type CreateScheduleBody,
  type RestoreBody,
} from "@/server/backup/contract";
import { backupOps } from "@/server/backup/operations";

export const backupKeys = {
  all: ["backups"] as const,
  list: () => [...backupKeys.all, "list"] as const,
  schedules: () => [...backupKeys.all, "schedules"] as const,
};

const busy = (b: Backup) => b.status === "queued" || b.status === "running";

export const useBackups = () =>
  useQuery({
    queryKey: backupKeys.list(),
    queryFn: () => apiFetch(apiPath(backupOps.list, null, { limit: 100 }), BackupList),
    refetchInterval: (q) => (q.state.data?.backups.some(busy) ? 2000 : false),
  });

export const useSchedules = () =>
  useQuery({
    queryKey: backupKeys.schedules(),
    queryFn: () => apiFetch(apiPath(backupOps.listSchedules), BackupScheduleList),
  });

export function useCreateBackup() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (source: BackupSource) =>
      apiFetch(apiPath(backupOps.create), Backup, { method: "POST", body: { source } }),
    onSettled: () => qc.invalidateQueries({ queryKey: backupKeys.all }),
  });
}

export function useRestore(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RestoreBody) =>
      apiFetch(apiPath(backupOps.restore, { id }), RestoreResult, { method: "POST", body }),
    onSettled: () => qc.invalidateQueries({ queryKey: backupKeys.all }),
  });
}

export function useCreateSchedule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateScheduleBody) =>
      apiFetch(apiPath(backupOps.createSchedule), BackupSchedule, { method: "POST", body }),
    onSettled: () => qc.invalidateQueries({ queryKey: backupKeys.schedules() }),
  });
}

export function useDeleteSchedule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch(apiPath(backupOps.deleteSchedule, { id }), z.object({ deleted: z.literal(true) }), {
        method: "DELETE",
      }),
    onSettled: () => qc.invalidateQueries({ queryKey: backupKeys.schedules() }),
  });
}
