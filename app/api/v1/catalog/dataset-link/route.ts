import { route } from "@/server/http/route";
import { catalogOps } from "@/server/catalog/operations";
import { findCatalogTableForDataset } from "@/server/catalog";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(catalogOps.datasetLink, ({ rt, query }) =>
  findCatalogTableForDataset({ source: rt.catalog, name: query.name }),
);
