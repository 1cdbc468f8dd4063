import { route } from "@/server/http/route";
import { lineageOps } from "@/server/lineage/operations";
import { lineageGraph } from "@/server/lineage";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(lineageOps.graph, ({ rt, query }) => lineageGraph(rt.db.prisma, query));
