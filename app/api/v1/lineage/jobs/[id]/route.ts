import { route } from "@/server/http/route";
import { lineageOps } from "@/server/lineage/operations";
import { getJob } from "@/server/lineage";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(lineageOps.job, ({ rt, params }) => getJob(rt.db.prisma, params.id));
