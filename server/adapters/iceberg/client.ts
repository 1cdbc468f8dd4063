import "server-only";
import type { z } from "zod";
import { DependencyUnavailableError, NotFoundError, ValidationError } from "../../errors.ts";
import { redact } from "../probe/index.ts";
import { parseCatalogJson } from "./parse-json.ts";
import {
  ConfigResponse,
  ErrorModel,
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

const DEP = "iceberg-rest";
/** Pages followed at most for one listing (the catalog's own page size each). */
const MAX_PAGES = 50;
/** The REST spec's separator of namespace levels in a path or query. */
const UNIT_SEPARATOR = "\u001f";

/** fetch refuses a URL with user:password in it: those go in a Basic authorization header instead. */
function splitCredentials(raw: string): { base: string; basic: string | null } {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { base: raw.replace(/\/+$/, ""), basic: null }; // fetch reports it as unreachable
  }
  const basic = u.username
    ? `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString("base64")}`
    : null;
  u.username = "";
  u.password = "";
  return { base: u.toString().replace(/\/+$/, ""), basic };
}

const encodeNamespace = (ns: string[]) => encodeURIComponent(ns.join(UNIT_SEPARATOR));

/** An Iceberg REST catalog over fetch: every call bounded by the timeout, every failure one of our errors. */
export function createIcebergClient(opts: IcebergClientOptions): IcebergClient {
  const { base, basic } = splitCredentials(opts.url);
  const shown = redact(opts.url.replace(/\/+$/, ""));
  const auth = opts.token ? `Bearer ${opts.token}` : basic;
  let prefix: Promise<string> | null = null;

  async function call<S extends z.ZodType>(method: "GET" | "HEAD", path: string, schema: S | null, what: string) {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: { accept: "application/json", ...(auth ? { authorization: auth } : {}) },
        signal: AbortSignal.timeout(opts.timeoutMs),
        redirect: "error",
      });
    } catch (e) {
      const why =
        e instanceof Error && e.name === "TimeoutError" ? `no answer within ${opts.timeoutMs} ms` : "not reachable";
      throw new DependencyUnavailableError(DEP, `the catalog at ${shown} is ${why} (${what})`, { cause: e });
    }
    const text = method === "HEAD" ? "" : await res.text().catch(() => "");
    if (!res.ok) throw await failure(res.status, text, what);
    if (!schema) return null as z.infer<S> | null;
    let body: unknown;
    try {
      body = parseCatalogJson(text);
    } catch {
      throw new DependencyUnavailableError(DEP, `the catalog at ${shown} answered no JSON for ${what}`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new DependencyUnavailableError(DEP, `the catalog at ${shown} answered ${what} off the Iceberg REST spec`);
    return parsed.data as z.infer<S>;
  }

  async function failure(status: number, text: string, what: string) {
    let message = "";
    try {
      const e = ErrorModel.safeParse(JSON.parse(text));
      if (e.success) message = `: ${e.data.error.message.slice(0, 300)}`;
    } catch {
      /* no error model: the status says it */
    }
    if (status === 404) return new NotFoundError(`${what} is not in the catalog${message}`);
    if (status === 400 || status === 422) return new ValidationError(`the catalog refused ${what}${message}`);
    return new DependencyUnavailableError(DEP, `the catalog at ${shown} answered HTTP ${status} for ${what}${message}`);
  }

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
      const r = await root();
      const path = `${r}/namespaces/${encodeNamespace(namespace)}/tables/${encodeURIComponent(table)}?snapshots=all`;
      const b = await call("GET", path, LoadTableResult, `table ${[...namespace, table].join(".")}`);
      return b!.metadata;
    },
    async tableExists(namespace, table) {
      const r = await root();
      try {
        await call(
          "HEAD",
          `${r}/namespaces/${encodeNamespace(namespace)}/tables/${encodeURIComponent(table)}`,
          null,
          "a table",
        );
        return true;
      } catch (e) {
        if (e instanceof NotFoundError) return false;
        throw e;
      }
    },
  };
}
