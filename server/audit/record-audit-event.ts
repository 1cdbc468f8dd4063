import "server-only";
import type { Db } from "../adapters/db/index.ts";
import { Prisma } from "../../prisma/generated/client.ts";
import type { AuditOutcome } from "./contract.ts";

export type AuditRecord = {
  actor: string;
  actorType: "user" | "token" | "anonymous" | "system";
  action: string;
  target?: string | null;
  outcome: AuditOutcome;
  status: number;
  requestId: string;
  ip?: string | null;
  detail?: Record<string, unknown> | null;
};

export async function recordAuditEvent(db: Db, e: AuditRecord): Promise<void> {
  await db.auditEvent.create({
    data: {
      actor: e.actor.slice(0, 200), actorType: e.actorType, action: e.action, target: e.target?.slice(0, 500) ?? null,
      outcome: e.outcome, status: e.status, requestId: e.requestId, ip: e.ip ?? null,
      detail: e.detail ? (e.detail as Prisma.InputJsonObject) : Prisma.JsonNull,
    },
  });
}
