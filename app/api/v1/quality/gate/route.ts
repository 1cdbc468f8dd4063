import { route } from "@/server/http/route";
import { lineageOps } from "@/server/lineage/operations";
import { qualityGate } from "@/server/lineage";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(lineageOps.gate, async ({ rt, query }) => {
  const r = await qualityGate(rt.db.prisma, query);
  // 412 Precondition Failed: `curl --fail` stops the pipeline; the body says why.
  return Response.json(r, { status: r.passed ? 200 : 412, headers: { "cache-control": "no-store" } });
});
