import { route } from "@/server/http/route";
import { streamJobEvents } from "@/server/jobs/stream-job-events";
import { jobOps } from "@/server/jobs/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(jobOps.events, ({ rt, params, req }) => streamJobEvents({ db: rt.db.prisma, id: params.id, signal: req.signal }));
