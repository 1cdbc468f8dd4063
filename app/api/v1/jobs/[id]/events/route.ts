import { route } from "@/server/http/route";
import { sseResponse } from "@/server/http/sse";
import { streamJobEvents } from "@/server/jobs";
import { jobOps } from "@/server/jobs/operations";
import { JOB_CHANGED_TOPIC } from "@/server/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(jobOps.events, async ({ rt, params, req }) =>
  sseResponse(
    req.signal,
    await streamJobEvents({
      db: rt.db.prisma,
      id: params.id,
      changes: (fn) => rt.bus.subscribe(JOB_CHANGED_TOPIC, (m) => fn(m.key)),
    }),
  ),
);
