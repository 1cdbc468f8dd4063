import { route } from "@/server/http/route";
import { lineageOps } from "@/server/lineage/operations";
import { recordJobMetrics } from "@/server/lineage";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(lineageOps.jobMetrics, async ({ rt, body, principal, audit }) => {
  audit.target = `job:${body.job}`;
  return recordJobMetrics(rt.db.prisma, body, principal.username);
});
