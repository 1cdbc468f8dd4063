"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/data/api-fetch";
import { apiPath } from "@/components/data/api-path";
import {
  DatasetLink,
  NAMESPACE_SEPARATOR,
  NamespaceList,
  SnapshotPage,
  TableDetail,
  TableList,
} from "@/server/catalog/contract";
import { catalogOps } from "@/server/catalog/operations";

export const catalogKeys = {
  all: ["catalog"] as const,
  namespaces: () => [...catalogKeys.all, "namespaces"] as const,
  tables: (ns: string) => [...catalogKeys.all, "tables", ns] as const,
  table: (ns: string, table: string) => [...catalogKeys.all, "table", ns, table] as const,
  snapshots: (ns: string, table: string, offset: number) =>
    [...catalogKeys.all, "snapshots", ns, table, offset] as const,
  datasetLink: (name: string) => [...catalogKeys.all, "dataset-link", name] as const,
};

/** A namespace as the API's path writes it: levels joined with U+001F. */
export const nsParam = (levels: readonly string[]) => levels.join(NAMESPACE_SEPARATOR);

export const SNAPSHOT_PAGE = 50;

export const useCatalogNamespaces = () =>
  useQuery({
    queryKey: catalogKeys.namespaces(),
    queryFn: () => apiFetch(apiPath(catalogOps.namespaces), NamespaceList),
    retry: false,
  });

export const useCatalogTables = (ns: string | null) =>
  useQuery({
    queryKey: catalogKeys.tables(ns ?? ""),
    enabled: ns !== null,
    queryFn: () => apiFetch(apiPath(catalogOps.tables, { namespace: ns! }), TableList),
    retry: false,
  });

export const useCatalogTable = (ns: string | null, table: string | null) =>
  useQuery({
    queryKey: catalogKeys.table(ns ?? "", table ?? ""),
    enabled: ns !== null && table !== null,
    queryFn: () => apiFetch(apiPath(catalogOps.table, { namespace: ns!, table: table! }), TableDetail),
    retry: false,
  });

export const useCatalogSnapshots = (ns: string, table: string, offset: number) =>
  useQuery({
    queryKey: catalogKeys.snapshots(ns, table, offset),
    placeholderData: keepPreviousData,
    queryFn: () =>
      apiFetch(apiPath(catalogOps.snapshots, { namespace: ns, table }, { offset, limit: SNAPSHOT_PAGE }), SnapshotPage),
    retry: false,
  });

/** The catalog table of a lineage dataset; quiet when there is none or the catalog cannot be asked. */
export const useDatasetCatalogLink = (namespace: string, name: string) =>
  useQuery({
    queryKey: catalogKeys.datasetLink(`${namespace}/${name}`),
    queryFn: () => apiFetch(apiPath(catalogOps.datasetLink, null, { namespace, name }), DatasetLink),
    retry: false,
    staleTime: 60_000,
  });
