"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/data/api-fetch";
import { AuditPage } from "@/server/audit/contract";

export type AuditFilters = { actor?: string; action?: string; outcome?: string; from?: string; to?: string; q?: string };

export const auditKeys = {
  all: ["audit"] as const,
  list: (f: AuditFilters) => [...auditKeys.all, "list", f] as const,
};

function auditUrl(f: AuditFilters, cursor: string | null): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) p.set(k, v);
  if (cursor) p.set("cursor", cursor);
  p.set("limit", "50");
  return `/api/v1/audit?${p}`;
}

export const useAuditEvents = (f: AuditFilters) =>
  useInfiniteQuery({
    queryKey: auditKeys.list(f),
    queryFn: ({ pageParam }) => apiFetch(auditUrl(f, pageParam), AuditPage),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
  });
