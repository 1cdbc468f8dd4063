import { route } from "@/server/http/route";
import { catalogOps } from "@/server/catalog/operations";
import { listCatalogTables } from "@/server/catalog";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(catalogOps.tables, ({ rt, params }) =>
  listCatalogTables({ source: rt.catalog, namespace: params.namespace }),
);
