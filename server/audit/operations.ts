import { defineOperation } from "../define-operation.ts";
import { AuditPage, AuditQuery } from "./contract.ts";

export const auditOps = {
  list: defineOperation({
    method: "GET",
    path: "/api/v1/audit",
    tag: "audit",
    role: "admin",
    scope: "audit:read",
    query: AuditQuery,
    response: AuditPage,
    summary: "Audit events, newest first",
    description:
      "Every mutating request is recorded: actor, action, target, outcome, status, request id. So is every read of dead-letter " +
      "contents (`dlq.messages.read`, `dlq.message.read`, `dlq.message.download`, `dlq.export` and `dlq.export.end`), with the partitions and " +
      "offset ranges read and the count in `detail`. `action` matches by prefix (`dlq.message` finds the first three, `dlq.export` both export events).",
  }),
};
