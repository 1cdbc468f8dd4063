import { route } from "@/server/http/route";
import { catalogOps } from "@/server/catalog/operations";
import { listCatalogNamespaces } from "@/server/catalog";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(catalogOps.namespaces, ({ rt }) => listCatalogNamespaces({ source: rt.catalog }));
