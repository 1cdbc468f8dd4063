import type { JobHandler } from "../types.ts";
import { diagnosticsSleep } from "./diagnostics-sleep.ts";
import { maintenanceCleanup } from "./maintenance-cleanup.ts";
import { stackDown, stackUp } from "./stack.ts";

export const builtInJobHandlers: readonly JobHandler[] = [diagnosticsSleep, maintenanceCleanup, stackUp, stackDown] as unknown as JobHandler[];
