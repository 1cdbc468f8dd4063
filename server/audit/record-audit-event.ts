import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "../adapters/db/index.ts";
import { GroupCommit, perKey } from "../adapters/db/index.ts";
import { toStorableJson } from "../storable.ts";
import type { AuditOutcome } from "./contract.ts";

export type AuditRecord = {
  actor: string;
  actorType: "user" | "token" | "anonymous" | "system";
  action: string;
  target?: string | null;
  outcome: AuditOutcome;
  status: number;
  requestId: string;
  ip?: string | null;
  detail?: Record<string, unknown> | null;
};

/** One statement storing audit events, with their rows as its one parameter (`$1`, a JSON array). */
export const INSERT_AUDIT_EVENTS = `INSERT INTO "AuditEvent" (id, at, actor, "actorType", action, target, outcome, status, "requestId", ip, detail)
  SELECT r.id, now(), r.actor, r."actorType", r.action, r.target, r.outcome, r.status, r."requestId", r.ip, r.detail
  FROM jsonb_to_recordset($1::jsonb) AS r(id text, actor text, "actorType" text, action text, target text, outcome text, status int, "requestId" text, ip text, detail jsonb)`;

/**
 * The parameter of INSERT_AUDIT_EVENTS. Its text never fails on content: what PostgreSQL refuses (U+0000, lone
 * surrogates, also from a cut) is escaped, since one refused row would lose every event of its batch.
 */
export const auditRows = (events: AuditRecord[]) =>
  toStorableJson(
    events.map((e) => ({
      id: randomUUID(),
      actor: e.actor.slice(0, 200),
      actorType: e.actorType,
      action: e.action,
      target: e.target?.slice(0, 500) ?? null,
      outcome: e.outcome,
      status: e.status,
      requestId: e.requestId,
      ip: e.ip ?? null,
      detail: e.detail ?? null,
    })),
  );

/**
 * Writes one audit event, returning once it is stored. Concurrent requests' events share one insert (group
 * commit): under a burst of mutations the audit trail costs one statement per batch instead of one per request.
 */
export async function recordAuditEvent(db: Db, e: AuditRecord): Promise<void> {
  const writer = perKey(
    "audit-writer",
    db,
    () =>
      new GroupCommit<AuditRecord, void>(
        async (items) => {
          await db.$executeRawUnsafe(INSERT_AUDIT_EVENTS, auditRows(items));
          return items.map(() => undefined);
        },
        { maxItems: 500, maxWeight: Infinity },
      ),
  );
  await writer.submit(e);
}
