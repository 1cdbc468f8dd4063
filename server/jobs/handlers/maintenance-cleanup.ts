import "server-only";
import { z } from "zod";
import { pruneAuditEvents } from "../../audit/index.ts";
import { deleteExpiredSessions } from "../../auth/index.ts";
import { defineJobHandler } from "../types.ts";

/** Deletes expired sessions and audit events past their retention. Queued at every start. */
export const maintenanceCleanup = defineJobHandler({
  kind: "maintenance.cleanup",
  submitRole: "admin",
  payload: z.object({ auditRetentionDays: z.number().int().min(1).max(3650).default(90) }),
  async run({ db, payload, progress }) {
    const sessions = await deleteExpiredSessions(db);
    const auditEvents = await pruneAuditEvents(db, payload.auditRetentionDays);
    await progress({ done: 1, total: 1, message: `removed ${sessions} sessions, ${auditEvents} audit events` });
    return { sessions, auditEvents };
  },
});
