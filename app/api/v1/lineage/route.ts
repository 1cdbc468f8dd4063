import { route, type AuditNote } from "@/server/http/route";
import { ingestLineage, type IngestResult } from "@/server/lineage";
import { lineageOps } from "@/server/lineage/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const auditNote = (r: IngestResult): AuditNote => ({
  target: r.runId ? `run:${r.runId}` : `lineage:${r.kind}`,
  detail: { kind: r.kind, duplicate: r.duplicate },
});

/**
 * POST /api/v1/lineage. The production server also calls it directly, without Next.js' routing
 * (server/fast-routes.mjs, registered by instrumentation.ts): reporters send one event per request.
 * The audit event is stored in the ingest's own transaction.
 */
export const POST = route(lineageOps.ingest, async ({ rt, body, principal, audit, auditEvent }) => {
  // A repeat of a stored event is accepted (reporters retry) but created nothing: 200 instead of 201.
  const r = await ingestLineage(rt.db, body, principal.username, (r) =>
    auditEvent(r.duplicate ? 200 : 201, auditNote(r)),
  );
  Object.assign(audit, auditNote(r), { written: true });
  return r.duplicate ? Response.json(r, { status: 200 }) : r;
});
