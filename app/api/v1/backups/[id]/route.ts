import { getBackup } from "@/server/backup";
import { backupOps } from "@/server/backup/operations";
import { route } from "@/server/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(backupOps.get, ({ rt, params }) => getBackup(rt.db.prisma, params.id));
