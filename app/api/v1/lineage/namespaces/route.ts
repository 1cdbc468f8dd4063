import { route } from "@/server/http/route";
import { lineageOps } from "@/server/lineage/operations";
import { listNamespaces } from "@/server/lineage";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(lineageOps.namespaces, ({ rt }) => listNamespaces(rt.db.prisma));
