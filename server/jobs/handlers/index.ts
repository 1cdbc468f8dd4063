import type { JobHandler } from "../types.ts";
import { dlqReplay } from "./dlq-replay.ts";
import { diagnosticsSleep } from "./diagnostics-sleep.ts";
import { maintenanceCleanup } from "./maintenance-cleanup.ts";
import { stackDown, stackService, stackUp } from "./stack.ts";

export const builtInJobHandlers: readonly JobHandler[] = [diagnosticsSleep, maintenanceCleanup, stackUp, stackDown, stackService, dlqReplay] as unknown as JobHandler[];
