import "server-only";
import { route, type AuditNote } from "../http/route.ts";
import { ingestLineage, type IngestResult } from "./ingest.ts";
import { lineageOps } from "./operations.ts";

const auditNote = (r: IngestResult): AuditNote => ({ target: r.runId ? `run:${r.runId}` : `lineage:${r.kind}`, detail: { kind: r.kind, duplicate: r.duplicate } });

/**
 * POST /api/v1/lineage. Defined here rather than in its app/ file because the production server also calls
 * it directly, without Next.js' routing (server/http/fast-routes.ts): reporters send one event per request.
 * The audit event is stored in the ingest's own transaction.
 */
export const ingestLineageRoute = route(lineageOps.ingest, async ({ rt, body, principal, audit, auditEvent }) => {
  // A repeat of a stored event is accepted (reporters retry) but created nothing: 200 instead of 201.
  const r = await ingestLineage(rt.db, body, principal.username, (r) => auditEvent(r.duplicate ? 200 : 201, auditNote(r)));
  Object.assign(audit, auditNote(r), { written: true });
  return r.duplicate ? Response.json(r, { status: 200 }) : r;
});
