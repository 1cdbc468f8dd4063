import { deleteSchedule } from "@/server/backup";
import { backupOps } from "@/server/backup/operations";
import { route } from "@/server/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const DELETE = route(backupOps.deleteSchedule, async ({ rt, params, audit }) => {
  audit.target = `backup-schedule:${params.id}`;
  await deleteSchedule(rt.db.prisma, params.id);
  return { deleted: true as const };
});
