import "server-only";
import { NotFoundError } from "../../errors.ts";
import { createRequest } from "./request.ts";
import {
  ConfigResponse,
  ListNamespacesResponse,
  ListTablesResponse,
  LoadTableResult,
  type TableMetadata,
} from "./rest-schemas.ts";

export type IcebergClientOptions = {
  /** The catalog's base URL, without `/v1` (http://iceberg-rest:8181). */
  url: string;
  warehouse?: string | undefined;
  /** A fixed prefix; else the one the catalog's /v1/config overrides name, if any. */
  prefix?: string | undefined;
  token?: string | undefined;
  timeoutMs: number;
};

export type IcebergClient = {
  readonly url: string;
  listNamespaces(parent?: string[]): Promise<string[][]>;
  listTables(namespace: string[]): Promise<{ namespace: string[]; name: string }[]>;
  loadTable(namespace: string[], table: string): Promise<TableMetadata>;
  tableExists(namespace: string[], table: string): Promise<boolean>;
};

/** Pages followed at most for one listing (the catalog's own page size each). */
const MAX_PAGES = 50;
/** The REST spec's separator of namespace levels in a path or query. */
const UNIT_SEPARATOR = "\u001f";

const encodeNamespace = (ns: string[]) => encodeURIComponent(ns.join(UNIT_SEPARATOR));
const tablePath = (root: string, ns: string[], table: string) =>
  `${root}/namespaces/${encodeNamespace(ns)}/tables/${encodeURIComponent(table)}`;

/** Every page of a listing, following the catalog's page tokens (at most MAX_PAGES). */
async function pages<T>(path: string, read: (q: string) => Promise<{ items: T[]; next: string | null | undefined }>) {
  const out: T[] = [];
  let token: string | null | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const sep = path.includes("?") ? "&" : "?";
    const page = await read(token ? `${path}${sep}pageToken=${encodeURIComponent(token)}` : path);
    out.push(...page.items);
    token = page.next;
    if (!token) break;
  }
  return out;
}

/** An Iceberg REST catalog over fetch: every call bounded by the timeout, every failure one of our errors. */
export function createIcebergClient(opts: IcebergClientOptions): IcebergClient {
  const { request: call, shown } = createRequest(opts);
  let prefix: Promise<string> | null = null;

  function resolvePrefix(): Promise<string> {
    if (opts.prefix !== undefined) return Promise.resolve(opts.prefix);
    const q = opts.warehouse ? `?warehouse=${encodeURIComponent(opts.warehouse)}` : "";
    prefix ??= call("GET", `/v1/config${q}`, ConfigResponse, "its configuration").then(
      (c) => c?.overrides.prefix ?? c?.defaults.prefix ?? "",
      (e: unknown) => {
        prefix = null; // a catalog that was down is asked again next time
        throw e;
      },
    );
    return prefix;
  }
  const root = async () => {
    const p = await resolvePrefix();
    return p ? `/v1/${encodeURIComponent(p)}` : "/v1";
  };

  return {
    url: shown,
    async listNamespaces(parent) {
      const q = parent?.length ? `?parent=${encodeNamespace(parent)}` : "";
      const r = await root();
      return pages(`${r}/namespaces${q}`, async (p) => {
        const b = await call("GET", p, ListNamespacesResponse, "the namespace list");
        return { items: b!.namespaces, next: b!["next-page-token"] };
      });
    },
    async listTables(namespace) {
      const r = await root();
      return pages(`${r}/namespaces/${encodeNamespace(namespace)}/tables`, async (p) => {
        const b = await call("GET", p, ListTablesResponse, `namespace ${namespace.join(".")}`);
        return { items: b!.identifiers, next: b!["next-page-token"] };
      });
    },
    async loadTable(namespace, table) {
      const path = `${tablePath(await root(), namespace, table)}?snapshots=all`;
      const b = await call("GET", path, LoadTableResult, `table ${[...namespace, table].join(".")}`);
      return b!.metadata;
    },
    async tableExists(namespace, table) {
      const path = tablePath(await root(), namespace, table);
      try {
        await call("HEAD", path, null, "a table");
        return true;
      } catch (e) {
        if (e instanceof NotFoundError) return false;
        throw e;
      }
    },
  };
}
