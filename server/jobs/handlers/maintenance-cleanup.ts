import "server-only";
import { z } from "zod";
import { pruneAuditEvents } from "../../audit/index.ts";
import { deleteExpiredSessions } from "../../auth/index.ts";
import { pruneHealthChecks } from "../../health/queries.ts";
import { pruneLineageEvents } from "../../lineage/retention.ts";
import { enqueueJob } from "../queue.ts";
import { defineJobHandler } from "../types.ts";

/**
 * Deletes expired sessions, and audit events, raw lineage events and probe results past their retention. Queued at every
 * start, and queues its next run six hours later.
 */
export const maintenanceCleanup = defineJobHandler({
  kind: "maintenance.cleanup",
  submitRole: "admin",
  payload: z.object({
    auditRetentionDays: z.number().int().min(1).max(3650).default(90),
    lineageRetentionDays: z.number().int().min(1).max(3650).default(30),
    healthRetentionDays: z.number().int().min(1).max(3650).default(7),
  }),
  async run({ db, payload, progress }) {
    const sessions = await deleteExpiredSessions(db);
    const auditEvents = await pruneAuditEvents(db, payload.auditRetentionDays);
    const lineageEvents = await pruneLineageEvents(db, payload.lineageRetentionDays);
    const healthChecks = await pruneHealthChecks(db, payload.healthRetentionDays);
    await progress({ done: 1, total: 1, message: `removed ${sessions} sessions, ${auditEvents} audit events, ${lineageEvents} raw lineage events, ${healthChecks} probe results` });
    const next = await db.job.findFirst({ where: { kind: "maintenance.cleanup", state: "queued" } });
    if (!next) await enqueueJob(db, { kind: "maintenance.cleanup", payload, runAt: new Date(Date.now() + 6 * 3_600_000) });
    return { sessions, auditEvents, lineageEvents, healthChecks };
  },
});
