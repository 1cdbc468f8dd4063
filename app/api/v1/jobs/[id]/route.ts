import { route } from "@/server/http/route";
import { getJob } from "@/server/jobs";
import { jobOps } from "@/server/jobs/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(jobOps.get, ({ rt, params }) => getJob(rt.db.prisma, params.id));
