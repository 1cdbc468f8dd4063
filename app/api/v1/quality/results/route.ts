import { route } from "@/server/http/route";
import { lineageOps } from "@/server/lineage/operations";
import { recordQuality } from "@/server/lineage";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(lineageOps.qualityResult, async ({ rt, body, principal, audit }) => {
  audit.target = `dataset:${body.dataset}`;
  return recordQuality(rt.db.prisma, body, principal.username);
});
