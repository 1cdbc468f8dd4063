import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/databases.ts";
import type { DbHandle } from "../adapters/db/index.ts";
import type { Principal } from "../auth/index.ts";
import { getConfig } from "../config.ts";
import { ForbiddenError, ValidationError } from "../errors.ts";
import { cancelJobAs, diagnosticsSleep, enqueueJob, submitJob, type JobHandler } from "../jobs/index.ts";
import { createMaintenanceJob } from "./maintenance-job.ts";

const maintenanceCleanup = createMaintenanceJob({ auditRetentionDays: getConfig().auditRetentionDays });
const builtInJobHandlers = [diagnosticsSleep, maintenanceCleanup] as unknown as JobHandler[];

const as = (role: Principal["role"]): Principal => ({ via: "token", userId: `u-${role}`, username: role, role });
const DAY = 86_400_000;

describe.each(testDatabases())("system jobs on $name", (tdb) => {
  let db: DbHandle;
  beforeAll(async () => {
    db = await tdb.open();
  });
  afterAll(async () => {
    await db.close();
  });
  const cancel = (id: string, role: Principal["role"]) =>
    cancelJobAs({ db: db.prisma, handlers: builtInJobHandlers, id, principal: as(role) });

  it("lets only an admin cancel the maintenance job, while an operator still cancels a user's job", async () => {
    const maintenance = await enqueueJob(db.prisma, {
      kind: "maintenance.cleanup",
      payload: {},
      runAt: new Date(Date.now() + DAY),
    });
    await expect(cancel(maintenance.id, "operator")).rejects.toThrow(ForbiddenError);
    await expect(cancel(maintenance.id, "operator")).rejects.toThrow(
      /system job queued by the server: cancelling it needs the admin role; you have operator/,
    );
    const submitted = await enqueueJob(db.prisma, {
      kind: "maintenance.cleanup",
      payload: {},
      createdBy: "admin",
      runAt: new Date(Date.now() + DAY),
    });
    await expect(cancel(submitted.id, "operator")).rejects.toThrow(ForbiddenError);
    expect((await cancel(maintenance.id, "admin")).state).toBe("cancelled");
    const users = await enqueueJob(db.prisma, {
      kind: "diagnostics.sleep",
      payload: {},
      createdBy: "alice",
      runAt: new Date(Date.now() + DAY),
    });
    expect((await cancel(users.id, "operator")).state).toBe("cancelled");
  });

  it("never prunes audit events younger than NEXUS_AUDIT_RETENTION_DAYS (90 here), whatever the job asks", async () => {
    const event = (daysAgo: number) => ({
      at: new Date(Date.now() - daysAgo * DAY),
      actor: "t",
      actorType: "user",
      action: `test.${daysAgo}`,
      outcome: "success",
      status: 200,
      requestId: "r",
    });
    await db.prisma.auditEvent.createMany({ data: [event(10), event(89), event(200)] });
    const submit = (auditRetentionDays: number) =>
      submitJob({
        db: db.prisma,
        handlers: builtInJobHandlers,
        principal: as("admin"),
        body: { kind: "maintenance.cleanup", payload: { auditRetentionDays } },
      });
    await expect(submit(1)).rejects.toThrow(ValidationError);
    await expect(submit(89)).rejects.toThrow(
      /payload.auditRetentionDays: audit events are kept at least NEXUS_AUDIT_RETENTION_DAYS \(90\) days/,
    );
    expect((await submit(120)).kind).toBe("maintenance.cleanup");

    // A job already queued with a shorter retention (or written into the table) is held to the floor when it runs.
    const noop = async () => undefined;
    const result = await maintenanceCleanup.run({
      jobId: "j",
      attempt: 1,
      payload: { auditRetentionDays: 1, lineageRetentionDays: 30, healthRetentionDays: 7 },
      checkpoint: null,
      signal: new AbortController().signal,
      db: db.prisma,
      log: pino({ level: "silent" }),
      progress: noop,
      saveCheckpoint: noop,
    });
    expect(result).toMatchObject({ auditEvents: 1 });
    expect(
      (await db.prisma.auditEvent.findMany({ where: { action: { startsWith: "test." } } })).map((e) => e.action).sort(),
    ).toEqual(["test.10", "test.89"]);
  });
});
