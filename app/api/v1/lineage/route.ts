import { route } from "@/server/http/route";
import { lineageOps } from "@/server/lineage/operations";
import { ingestLineage } from "@/server/lineage";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(lineageOps.ingest, async ({ rt, body, principal, audit }) => {
  const r = await ingestLineage(rt.db.prisma, body, principal.username);
  audit.target = r.runId ? `run:${r.runId}` : `lineage:${r.kind}`;
  audit.detail = { kind: r.kind, duplicate: r.duplicate };
  // A repeat of a stored event is accepted (reporters retry) but created nothing.
  return r.duplicate ? Response.json(r, { status: 200 }) : r;
});
