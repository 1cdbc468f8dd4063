import { route } from "@/server/http/route";
import { lineageOps } from "@/server/lineage/operations";
import { listRuns } from "@/server/lineage";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(lineageOps.runs, ({ rt, query }) => listRuns(rt.db.prisma, query));
