import "server-only";
import { Cron } from "croner";
import { z } from "zod";
import type { Db } from "../adapters/db/index.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import { defineJobHandler, enqueueJob } from "../jobs/index.ts";
import { BackupSchedule, BackupSource, type CreateScheduleBody } from "./contract.ts";
import type { BackupDeps } from "./deps.ts";
import { submitBackup } from "./backups.ts";

const KIND = "backup.schedule";
/** With no schedule due sooner, the scheduler still wakes up this often. */
const IDLE_MS = 3_600_000;

/** The next run of a cron expression (croner, UTC), or a 400 naming what is wrong with it. */
export function nextRun(cron: string, after = new Date()): Date {
  let job: Cron;
  try {
    job = new Cron(cron, { timezone: "UTC", paused: true });
  } catch (e) {
    throw new ValidationError("invalid cron expression", [
      { path: "cron", message: e instanceof Error ? e.message : "invalid" },
    ]);
  }
  const [a, b] = job.nextRuns(2, after);
  if (!a) throw new ValidationError("the cron expression never fires", [{ path: "cron", message: "never fires" }]);
  if (b && b.getTime() - a.getTime() < 60_000)
    throw new ValidationError("backups run at most once a minute", [
      { path: "cron", message: "more than once a minute" },
    ]);
  return a;
}

type Row = Awaited<ReturnType<Db["backupSchedule"]["findFirstOrThrow"]>>;
const toView = (r: Row): BackupSchedule =>
  BackupSchedule.parse({
    ...r,
    source: BackupSource.parse(r.source),
    lastRunAt: r.lastRunAt?.toISOString() ?? null,
    nextRunAt: r.nextRunAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  });

export async function listSchedules(db: Db): Promise<{ schedules: BackupSchedule[] }> {
  return { schedules: (await db.backupSchedule.findMany({ orderBy: { name: "asc" } })).map(toView) };
}

export async function createSchedule(db: Db, body: CreateScheduleBody, createdBy: string): Promise<BackupSchedule> {
  const next = nextRun(body.cron);
  if (await db.backupSchedule.findUnique({ where: { name: body.name } }))
    throw new ConflictError(`a schedule named ${body.name} exists`);
  const row = await db.backupSchedule
    .create({ data: { ...body, kind: body.source.kind, nextRunAt: body.enabled ? next : null, createdBy } })
    .catch((e: unknown) => {
      // Two requests with the same name at once: the unique index decides.
      if ((e as { code?: string }).code === "P2002") throw new ConflictError(`a schedule named ${body.name} exists`);
      throw e;
    });
  await wakeSchedulerBy(db, next);
  return toView(row);
}

export async function deleteSchedule(db: Db, id: string): Promise<void> {
  const { count } = await db.backupSchedule.deleteMany({ where: { id } });
  if (!count) throw new NotFoundError(`schedule ${id} does not exist`);
}

/** Makes sure a scheduler job runs no later than `at` (one queued job at a time). */
export async function wakeSchedulerBy(db: Db, at: Date): Promise<void> {
  const queued = await db.job.findFirst({ where: { kind: KIND, state: "queued" }, orderBy: { runAt: "asc" } });
  if (!queued) {
    const running = await db.job.findFirst({ where: { kind: KIND, state: "running" } });
    if (!running) await enqueueJob(db, { kind: KIND, payload: {}, runAt: at });
  } else if (queued.runAt > at) await db.job.update({ where: { id: queued.id }, data: { runAt: at } });
}

/**
 * `backup.schedule`: queues the backups of the schedules that are due, then queues itself for the next one. Durable
 * like any job: a run missed while the server was down is taken at the next start (once, not once per missed slot).
 */
export function createScheduleJob(deps: Pick<BackupDeps, "db" | "backupDir">) {
  return defineJobHandler({
    kind: KIND,
    payload: z.object({}),
    submitRole: "admin",
    cancelRole: "admin",
    async run({ db, progress }) {
      const now = new Date();
      const due = await db.backupSchedule.findMany({ where: { enabled: true, nextRunAt: { lte: now } } });
      for (const s of due) {
        await submitBackup(deps, {
          source: BackupSource.parse(s.source),
          scheduleId: s.id,
          createdBy: `schedule:${s.name}`,
        });
        await db.backupSchedule.update({
          where: { id: s.id },
          data: { lastRunAt: now, nextRunAt: nextRun(s.cron, now) },
        });
      }
      const soonest = await db.backupSchedule.findFirst({ where: { enabled: true }, orderBy: { nextRunAt: "asc" } });
      const at = new Date(Math.min(soonest?.nextRunAt?.getTime() ?? Infinity, now.getTime() + IDLE_MS));
      await enqueueJob(db, { kind: KIND, payload: {}, runAt: at });
      await progress({ done: 1, total: 1, message: `${due.length} backups queued; next check ${at.toISOString()}` });
      return { queued: due.length, next: at.toISOString() };
    },
  });
}
