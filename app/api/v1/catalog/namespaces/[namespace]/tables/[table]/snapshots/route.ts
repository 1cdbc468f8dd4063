import { route } from "@/server/http/route";
import { catalogOps } from "@/server/catalog/operations";
import { listCatalogSnapshots } from "@/server/catalog";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(catalogOps.snapshots, ({ rt, params, query }) =>
  listCatalogSnapshots({ source: rt.catalog, namespace: params.namespace, table: params.table, query }),
);
