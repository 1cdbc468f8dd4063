export * from "./contract.ts";
export { checkReadiness } from "./check-readiness.ts";
export { getSystemInfo, APP_VERSION } from "./get-system-info.ts";
export { createMaintenanceJob } from "./maintenance-job.ts";
