import { route } from "@/server/http/route";
import { lineageOps } from "@/server/lineage/operations";
import { listDatasets } from "@/server/lineage";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(lineageOps.datasets, ({ rt, query }) => listDatasets(rt.db.prisma, query));
