import { route } from "@/server/http/route";
import { lineageOps } from "@/server/lineage/operations";
import { listJobs } from "@/server/lineage";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(lineageOps.jobs, ({ rt, query }) => listJobs(rt.db.prisma, query));
