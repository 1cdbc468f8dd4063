import { listAuditEvents } from "@/server/audit";
import { auditOps } from "@/server/audit/operations";
import { route } from "@/server/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(auditOps.list, ({ rt, query }) => listAuditEvents(rt.db.prisma, query));
