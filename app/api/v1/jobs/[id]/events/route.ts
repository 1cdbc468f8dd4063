import { route } from "@/server/http/route";
import { sseResponse } from "@/server/http/sse";
import { streamJobEvents } from "@/server/jobs";
import { jobOps } from "@/server/jobs/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(jobOps.events, async ({ rt, params, req }) =>
  sseResponse(req.signal, await streamJobEvents({ db: rt.db.prisma, id: params.id })),
);
