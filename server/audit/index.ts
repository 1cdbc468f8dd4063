// The audit trail: who did what, when, with which outcome; stored by group commit or in the caller's own transaction.
import "server-only";
export { recordAuditEvent, INSERT_AUDIT_EVENTS, auditRows, type AuditRecord } from "./record-audit-event.ts";
export { listAuditEvents, pruneAuditEvents } from "./list-audit-events.ts";
export * from "./contract.ts";
