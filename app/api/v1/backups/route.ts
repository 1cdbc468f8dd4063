import { listBackups, submitBackup } from "@/server/backup";
import { backupOps } from "@/server/backup/operations";
import { route } from "@/server/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(backupOps.list, ({ rt, query }) => listBackups(rt.db.prisma, query));

export const POST = route(backupOps.create, async ({ rt, body, principal, audit }) => {
  const backup = await submitBackup(rt.backup, { source: body.source, createdBy: principal.userId, check: true });
  audit.target = `backup:${backup.id}`;
  audit.detail = { kind: backup.kind, location: backup.location };
  void rt.runner.tick().catch(() => undefined); // start now rather than at the next poll
  return backup;
});
