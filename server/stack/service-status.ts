// Pure, and without "server-only": the API classifies with it, and the UI words counts and states with the same
// functions, so that the overview, the Stack page, its graph and the job banners cannot disagree (issue #15, point 9).
import type { ServiceRunStatus, StackCounts } from "./contract.ts";

/** What the engine says about one service's container (state "absent" when it has none). */
export type ContainerFacts = { state: string; health: "healthy" | "unhealthy" | "starting" | null; exitCode: number | null };

/** Exit codes of a container that was told to stop (SIGINT, SIGKILL after the grace period, SIGTERM) or ended cleanly. */
const STOPPED_EXIT_CODES = new Set([0, 130, 137, 143]);

/**
 * The one status model of a service. A one-shot service (a hook others wait on, `kafka-init`) that exited 0 is
 * `completed`: done, not running, and not missing either. Any other service that exited after a stop signal is
 * `stopped`; a non-zero exit of a one-shot, or any other exit, is `failed`.
 */
export function classifyService(c: ContainerFacts, oneShot: boolean): ServiceRunStatus {
  switch (c.state) {
    case "absent": return "absent";
    case "running": return c.health === "unhealthy" ? "unhealthy" : c.health === "starting" ? "starting" : "running";
    case "restarting": return "starting";
    case "dead": return "failed";
    case "exited": {
      const code = c.exitCode ?? 0;
      if (oneShot) return code === 0 ? "completed" : "failed";
      return STOPPED_EXIT_CODES.has(code) ? "stopped" : "failed";
    }
    default: return "stopped"; // created, paused, removing
  }
}

/** The words for one service, the same in the services table and the graph. */
export function describeService(c: ContainerFacts & { status: ServiceRunStatus }): string {
  switch (c.status) {
    case "absent": return "not created";
    case "running": return c.health === "healthy" ? "running · healthy" : "running";
    case "starting": return c.state === "running" ? "running · starting" : c.state;
    case "unhealthy": return "running · unhealthy";
    case "completed": return "completed";
    case "failed": return c.state === "exited" ? `failed · exit ${c.exitCode}` : c.state;
    case "stopped": return c.state === "exited" ? `stopped · exit ${c.exitCode}` : c.state;
  }
}

export function countServices(services: readonly { status: ServiceRunStatus }[]): StackCounts {
  const counts: StackCounts = { total: services.length, running: 0, completed: 0, failed: 0, starting: 0, unhealthy: 0, stopped: 0, absent: 0 };
  for (const s of services) counts[s.status]++;
  return counts;
}

/** Every service is where "up" means for it: running (healthy where it has a healthcheck) or, for a one-shot, completed. */
export function isStackUp(c: StackCounts): boolean {
  return c.total > 0 && c.running + c.completed === c.total;
}

/** Whether anything runs that a stop would stop. */
export function hasRunning(c: StackCounts): boolean {
  return c.running + c.starting + c.unhealthy > 0;
}

/**
 * The counts in words, e.g. "11 running · 1 completed · 0 failed of 12". Zero completed is left out unless
 * something completed; states nobody expects (starting, unhealthy, stopped, not created) only when present.
 */
export function describeCounts(c: StackCounts): string {
  if (c.absent === c.total) return `0 running of ${c.total}`;
  const parts = [`${c.running} running`];
  if (c.completed) parts.push(`${c.completed} completed`);
  parts.push(`${c.failed} failed`);
  if (c.starting) parts.push(`${c.starting} starting`);
  if (c.unhealthy) parts.push(`${c.unhealthy} unhealthy`);
  if (c.stopped) parts.push(`${c.stopped} stopped`);
  if (c.absent) parts.push(`${c.absent} not created`);
  return `${parts.join(" · ")} of ${c.total}`;
}

/** How a view should colour the stack as a whole. */
export function stackTone(c: StackCounts): "green" | "amber" | "red" | "neutral" {
  if (c.failed || c.unhealthy) return "red";
  if (isStackUp(c)) return "green";
  return c.absent === c.total ? "neutral" : "amber";
}

/** The colour of one service's status, the same in the table and the graph. */
export const STATUS_TONE: Record<ServiceRunStatus, "green" | "amber" | "red" | "neutral"> = {
  running: "green", completed: "green", starting: "amber", unhealthy: "red", failed: "red", stopped: "neutral", absent: "neutral",
};
