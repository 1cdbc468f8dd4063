import { route } from "@/server/http/route";
import { lineageOps } from "@/server/lineage/operations";
import { recordTransformation } from "@/server/lineage";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(lineageOps.transformation, async ({ rt, body, principal, audit }) => {
  const r = await recordTransformation(rt.db.prisma, body, principal.username);
  audit.target = `job:${body.job_name}`;
  return r;
});
