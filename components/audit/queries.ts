"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/data/api-fetch";
import { apiPath } from "@/components/data/api-path";
import { AuditPage } from "@/server/audit/contract";
import { auditOps } from "@/server/audit/operations";

export type AuditFilters = {
  actor?: string;
  action?: string;
  outcome?: string;
  from?: string;
  to?: string;
  q?: string;
};

export const auditKeys = {
  all: ["audit"] as const,
  list: (f: AuditFilters) => [...auditKeys.all, "list", f] as const,
};

export const useAuditEvents = (f: AuditFilters) =>
  useInfiniteQuery({
    queryKey: auditKeys.list(f),
    queryFn: ({ pageParam }) =>
      apiFetch(apiPath(auditOps.list, null, { ...f, cursor: pageParam, limit: 50 }), AuditPage),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
  });
