import { route } from "@/server/http/route";
import { catalogOps } from "@/server/catalog/operations";
import { getCatalogTable } from "@/server/catalog";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(catalogOps.table, ({ rt, params }) =>
  getCatalogTable({ source: rt.catalog, db: rt.db.prisma, namespace: params.namespace, table: params.table }),
);
