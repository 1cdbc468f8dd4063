import "server-only";
import { z } from "zod";
import { pruneAuditEvents } from "../audit/index.ts";
import { deleteExpiredSessions } from "../auth/index.ts";
import { pruneHealthChecks } from "../health/index.ts";
import { defineJobHandler, enqueueJob, listJobs } from "../jobs/index.ts";
import { pruneLineageEvents } from "../lineage/index.ts";

/**
 * Deletes expired sessions, and audit events, raw lineage events and probe results past their retention. Queued at every
 * start, and queues its next run six hours later. A system job: only an admin may submit or cancel it.
 * `auditRetentionDays` (NEXUS_AUDIT_RETENTION_DAYS) is a floor: no job, whoever submitted it, prunes audit events younger than that.
 */
export function createMaintenanceJob(opts: { auditRetentionDays: number }) {
  const floorDays = opts.auditRetentionDays;
  return defineJobHandler({
    kind: "maintenance.cleanup",
    submitRole: "admin",
    cancelRole: "admin",
    payload: z.object({
      /** Days of audit kept: NEXUS_AUDIT_RETENTION_DAYS when absent, never fewer. */
      auditRetentionDays: z.number().int().min(1).max(3650).optional(),
      lineageRetentionDays: z.number().int().min(1).max(3650).default(30),
      healthRetentionDays: z.number().int().min(1).max(3650).default(7),
    }),
    checkSubmission: ({ auditRetentionDays }) =>
      auditRetentionDays !== undefined && auditRetentionDays < floorDays
        ? [
            {
              path: "payload.auditRetentionDays",
              message: `audit events are kept at least NEXUS_AUDIT_RETENTION_DAYS (${floorDays}) days`,
            },
          ]
        : [],
    async run({ db, payload, progress }) {
      const sessions = await deleteExpiredSessions(db);
      // Also for a job queued before the floor was raised, or written straight into the table.
      const auditEvents = await pruneAuditEvents(db, Math.max(payload.auditRetentionDays ?? 0, floorDays));
      const lineageEvents = await pruneLineageEvents(db, payload.lineageRetentionDays);
      const healthChecks = await pruneHealthChecks(db, payload.healthRetentionDays);
      await progress({
        done: 1,
        total: 1,
        message: `removed ${sessions} sessions, ${auditEvents} audit events, ${lineageEvents} raw lineage events, ${healthChecks} probe results`,
      });
      const { jobs: next } = await listJobs(db, { kind: "maintenance.cleanup", state: "queued", limit: 1 });
      if (!next.length)
        await enqueueJob(db, { kind: "maintenance.cleanup", payload, runAt: new Date(Date.now() + 6 * 3_600_000) });
      return { sessions, auditEvents, lineageEvents, healthChecks };
    },
  });
}
