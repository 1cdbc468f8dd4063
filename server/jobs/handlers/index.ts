import type { JobHandler } from "../types.ts";
import { diagnosticsSleep } from "./diagnostics-sleep.ts";
import { maintenanceCleanup } from "./maintenance-cleanup.ts";

export const builtInJobHandlers: readonly JobHandler[] = [diagnosticsSleep, maintenanceCleanup] as unknown as JobHandler[];
