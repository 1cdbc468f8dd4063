import { defineOperation } from "../http/operation.ts";
import { AuditPage, AuditQuery } from "./contract.ts";

export const auditOps = {
  list: defineOperation({
    method: "GET", path: "/api/v1/audit", tag: "audit", role: "admin", query: AuditQuery, response: AuditPage,
    summary: "Audit events, newest first", description: "Every mutating request is recorded: actor, action, target, outcome, status, request id.",
  }),
};
