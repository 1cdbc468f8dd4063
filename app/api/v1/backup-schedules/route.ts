import { createSchedule, listSchedules } from "@/server/backup";
import { backupOps } from "@/server/backup/operations";
import { route } from "@/server/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(backupOps.listSchedules, ({ rt }) => listSchedules(rt.db.prisma));

export const POST = route(backupOps.createSchedule, async ({ rt, body, principal, audit }) => {
  const schedule = await createSchedule(rt.db.prisma, body, principal.userId);
  audit.target = `backup-schedule:${schedule.id}`;
  audit.detail = { name: schedule.name, cron: schedule.cron, kind: schedule.kind };
  return schedule;
});
