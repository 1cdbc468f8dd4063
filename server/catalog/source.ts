import "server-only";
import { createIcebergClient, type IcebergClient } from "../adapters/iceberg/index.ts";
import { DependencyUnavailableError } from "../errors.ts";
import type { ServiceHealth } from "../health/contract.ts";
import { pickService } from "../health/index.ts";
import type { CatalogSource as SourceView } from "./contract.ts";

export type CatalogSettings = {
  url: string | undefined;
  warehouse: string | undefined;
  prefix: string | undefined;
  token: string | undefined;
  timeoutMs: number;
};

/** The catalog every view asks, resolved per request like the Prometheus choice; its client, when there is one. */
export type CatalogSource = {
  describe(): SourceView;
  /** The client of the catalog, or DependencyUnavailableError saying why there is none. */
  client(): IcebergClient;
};

const hostOf = (url: string) =>
  url
    .replace(/^https?:\/\//, "")
    .replace(/^[^@/]*@/, "")
    .replace(/\/+$/, "");

/**
 * NEXUS_ICEBERG_URL when set; else the iceberg service of a running stack (its template probe is an `iceberg` probe);
 * else an `iceberg` entry of NEXUS_PROBES. One that is not down wins over one that is.
 */
export function resolveCatalog(explicitUrl: string | undefined, services: readonly ServiceHealth[]): SourceView {
  if (explicitUrl)
    return { url: explicitUrl, origin: "config", reason: `asking NEXUS_ICEBERG_URL at ${hostOf(explicitUrl)}` };
  const pick = pickService(services, "iceberg");
  if (!pick)
    return {
      url: null,
      origin: null,
      reason:
        "no Iceberg catalog to ask: set NEXUS_ICEBERG_URL, start a stack with an iceberg-rest service, or add an iceberg entry to NEXUS_PROBES",
    };
  const url = pick.kind === "container" ? (pick.metrics.probeUrl as string) : pick.target;
  const base = url.replace(/\/v1\/config\/?$/, "");
  return {
    url: base,
    origin: pick.kind === "container" ? "stack" : "probe",
    reason: `asking ${pick.kind === "container" ? "stack service" : "probed"} ${pick.service} at ${hostOf(base)}`,
  };
}

/** Clients are kept per URL: the catalog's prefix (from /v1/config) is asked once per catalog. */
export function createCatalogSource(
  settings: CatalogSettings,
  services: () => readonly ServiceHealth[],
): CatalogSource {
  const clients = new Map<string, IcebergClient>();
  const describe = () => resolveCatalog(settings.url, settings.url ? [] : services());
  return {
    describe: () => {
      const d = describe();
      return d.url ? { ...d, url: createClient(d.url).url } : d;
    },
    client() {
      const d = describe();
      if (!d.url) throw new DependencyUnavailableError("iceberg-rest", d.reason);
      return createClient(d.url);
    },
  };
  function createClient(url: string) {
    let c = clients.get(url);
    if (!c) {
      if (clients.size > 8) clients.clear();
      c = createIcebergClient({ ...settings, url });
      clients.set(url, c);
    }
    return c;
  }
}
