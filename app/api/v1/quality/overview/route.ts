import { route } from "@/server/http/route";
import { lineageOps } from "@/server/lineage/operations";
import { qualityOverview } from "@/server/lineage";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(lineageOps.qualityOverview, ({ rt, query }) => qualityOverview(rt.db.prisma, query));
