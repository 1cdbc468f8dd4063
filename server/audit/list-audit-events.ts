import "server-only";
import type { Db } from "../adapters/db/index.ts";
import type { Prisma } from "../../prisma/generated/client.ts";
import type { AuditEvent, AuditOutcome, AuditPage, AuditQuery } from "./contract.ts";

/** Newest first, keyset-paged by (at, id). */
export async function listAuditEvents(db: Db, q: AuditQuery): Promise<AuditPage> {
  const where: Prisma.AuditEventWhereInput = {
    actor: q.actor ? { contains: q.actor, mode: "insensitive" } : undefined,
    action: q.action ? { startsWith: q.action } : undefined,
    outcome: q.outcome,
    at:
      q.from || q.to
        ? { gte: q.from ? new Date(q.from) : undefined, lte: q.to ? new Date(q.to) : undefined }
        : undefined,
    OR: q.q ? [{ target: { contains: q.q, mode: "insensitive" } }, { requestId: q.q }] : undefined,
  };
  const cursor = q.cursor
    ? await db.auditEvent.findUnique({ where: { id: q.cursor }, select: { at: true, id: true } })
    : null;
  const rows = await db.auditEvent.findMany({
    where: cursor
      ? { AND: [where, { OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }] }] }
      : where,
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const actions = await db.auditEvent.findMany({
    distinct: ["action"],
    select: { action: true },
    orderBy: { action: "asc" },
    take: 200,
  });
  return {
    events: page.map(
      (r): AuditEvent => ({
        id: r.id,
        at: r.at.toISOString(),
        actor: r.actor,
        actorType: r.actorType,
        action: r.action,
        target: r.target,
        outcome: r.outcome as AuditOutcome,
        status: r.status,
        requestId: r.requestId,
        ip: r.ip,
        detail: r.detail ?? null,
      }),
    ),
    next: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null,
    actions: actions.map((a) => a.action),
  };
}

export async function pruneAuditEvents(db: Db, retentionDays: number): Promise<number> {
  const r = await db.auditEvent.deleteMany({
    where: { at: { lt: new Date(Date.now() - retentionDays * 86_400_000) } },
  });
  return r.count;
}
