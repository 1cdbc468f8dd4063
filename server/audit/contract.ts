import { z } from "zod";
import { storableDateTime } from "../bounds.ts";

export const AuditOutcome = z.enum(["success", "failure", "denied"]);
export type AuditOutcome = z.infer<typeof AuditOutcome>;

export const AuditQuery = z.object({
  actor: z.string().max(200).optional(),
  action: z.string().max(200).optional(),
  outcome: AuditOutcome.optional(),
  from: storableDateTime().optional(),
  to: storableDateTime().optional(),
  q: z.string().max(200).optional().describe("Text to find in the target or request id"),
  cursor: z.string().max(64).optional().describe("Id of the last event of the previous page"),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEvent = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  actor: z.string(),
  actorType: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  outcome: AuditOutcome,
  status: z.number().int(),
  requestId: z.string(),
  ip: z.string().nullable(),
  detail: z.unknown().nullable(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditPage = z.object({
  events: z.array(AuditEvent),
  next: z.string().nullable(),
  actions: z.array(z.string()),
});
export type AuditPage = z.infer<typeof AuditPage>;
