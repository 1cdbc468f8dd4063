import "server-only";
export { recordAuditEvent, INSERT_AUDIT_EVENTS, auditRows, type AuditRecord } from "./record-audit-event.ts";
export { listAuditEvents, pruneAuditEvents } from "./list-audit-events.ts";
export * from "./contract.ts";
