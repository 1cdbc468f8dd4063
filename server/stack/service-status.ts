// Pure: the API classifies each service with it. The words and colours every view shows (the overview, the Stack page,
// its graph, the job banners) are in contract.ts, client-safe, and re-exported here, so that no two views disagree.
import "server-only";
import type { ServiceRunStatus, StackCounts } from "./contract.ts";

export { describeCounts, hasRunning, isStackUp, STATUS_TONE, stackTone } from "./contract.ts";

/** What the engine says about one service's container (state "absent" when it has none). */
export type ContainerFacts = {
  state: string;
  health: "healthy" | "unhealthy" | "starting" | null;
  exitCode: number | null;
};

/** Exit codes of a container that was told to stop (SIGINT, SIGKILL after the grace period, SIGTERM) or ended cleanly. */
const STOPPED_EXIT_CODES = new Set([0, 130, 137, 143]);

/**
 * The one status model of a service. A one-shot service (a hook others wait on, `kafka-init`) that exited 0 is
 * `completed`: done, not running, and not missing either. Any other service that exited after a stop signal is
 * `stopped`; a non-zero exit of a one-shot, or any other exit, is `failed`.
 */
export function classifyService(c: ContainerFacts, oneShot: boolean): ServiceRunStatus {
  switch (c.state) {
    case "absent":
      return "absent";
    case "running":
      return c.health === "unhealthy" ? "unhealthy" : c.health === "starting" ? "starting" : "running";
    case "restarting":
      return "starting";
    case "dead":
      return "failed";
    case "exited": {
      const code = c.exitCode ?? 0;
      if (oneShot) return code === 0 ? "completed" : "failed";
      return STOPPED_EXIT_CODES.has(code) ? "stopped" : "failed";
    }
    default:
      return "stopped"; // created, paused, removing
  }
}

/** The words for one service, the same in the services table and the graph. */
export function describeService(c: ContainerFacts & { status: ServiceRunStatus }): string {
  switch (c.status) {
    case "absent":
      return "not created";
    case "running":
      return c.health === "healthy" ? "running · healthy" : "running";
    case "starting":
      return c.state === "running" ? "running · starting" : c.state;
    case "unhealthy":
      return "running · unhealthy";
    case "completed":
      return "completed";
    case "failed":
      return c.state === "exited" ? `failed · exit ${c.exitCode}` : c.state;
    case "stopped":
      return c.state === "exited" ? `stopped · exit ${c.exitCode}` : c.state;
  }
}

export function countServices(services: readonly { status: ServiceRunStatus }[]): StackCounts {
  const counts: StackCounts = {
    total: services.length,
    running: 0,
    completed: 0,
    failed: 0,
    starting: 0,
    unhealthy: 0,
    stopped: 0,
    absent: 0,
  };
  for (const s of services) counts[s.status]++;
  return counts;
}
