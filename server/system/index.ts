// The server itself: readiness, system information, the Prometheus exposition and the maintenance job.
import "server-only";
export * from "./contract.ts";
export { checkReadiness } from "./check-readiness.ts";
export { getSystemInfo, APP_VERSION, type SystemSources } from "./get-system-info.ts";
export { renderMetrics } from "./render-metrics.ts";
export { createMaintenanceJob } from "./maintenance-job.ts";
