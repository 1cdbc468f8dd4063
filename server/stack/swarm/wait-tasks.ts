import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { ContainerEngine, SwarmTask } from "../../adapters/docker/index.ts";
import { StackOperationError, type StackEvent } from "../apply-stack.ts";
import type { DependsOnCondition } from "../plan-levels.ts";

/** The newest task of each slot (replicated) or node (global): what the service is now, older attempts left out. */
export function currentTasks(tasks: SwarmTask[]): SwarmTask[] {
  const newest = new Map<string, SwarmTask>();
  for (const t of tasks) {
    const key = t.slot !== null ? `slot:${t.slot}` : `node:${t.nodeId}`;
    const seen = newest.get(key);
    if (!seen || seen.updatedAt < t.updatedAt) newest.set(key, t);
  }
  return [...newest.values()].sort((a, b) => (a.slot ?? 0) - (b.slot ?? 0));
}

export const taskLabel = (t: SwarmTask) => `task ${t.slot ?? t.nodeId?.slice(0, 12)} (${t.id.slice(0, 12)})`;

/** Where a service's tasks stand against a start condition: met, still waiting, or failed for good (with why). */
export function judgeTasks(
  tasks: SwarmTask[],
  desired: number | null,
  condition: DependsOnCondition,
  restartNone: boolean,
): { met: boolean; failure: string | null } {
  const now = currentTasks(tasks).filter((t) => t.desiredState !== "shutdown" || t.state === "complete");
  const rejected = now.find((t) => t.state === "rejected");
  if (rejected)
    return { met: false, failure: `${taskLabel(rejected)} rejected: ${rejected.error ?? rejected.message}` };
  const failed = now.find((t) => t.state === "failed");
  if (failed && (restartNone || condition === "service_completed_successfully"))
    return {
      met: false,
      failure: `${taskLabel(failed)} failed${failed.exitCode !== null ? ` with exit code ${failed.exitCode}` : ""}: ${failed.error ?? failed.message}`,
    };
  if (desired === 0) return { met: true, failure: null };
  if (condition === "service_completed_successfully")
    return { met: now.length > 0 && now.every((t) => t.state === "complete"), failure: null };
  const running = now.filter((t) => t.state === "running").length;
  if (condition === "service_started")
    return { met: now.some((t) => ["starting", "running", "complete"].includes(t.state)), failure: null };
  return { met: running > 0 && running >= (desired ?? now.length), failure: null };
}

/**
 * Waits until a Swarm service meets a start condition: its tasks running (Swarm moves a task from starting to running only
 * once its container's healthcheck passed) and, for `service_healthy`, every running container healthy; a one-shot's task
 * complete. Reports each task's state changes as `task` events. A rejected task (no such image, no node fits) fails at once.
 */
export async function waitForService(opts: {
  engine: ContainerEngine;
  serviceName: string;
  service: string;
  condition: DependsOnCondition;
  timeoutMs: number;
  signal?: AbortSignal;
  onEvent?: (e: StackEvent) => void;
  /** Only tasks of this image count. */
  image?: string;
  /** Tasks that do not count (a rolling update's old ones, replaced one by one). */
  ignore?: Set<string>;
}): Promise<void> {
  const { engine, service } = opts;
  const until = Date.now() + opts.timeoutMs;
  const seen = new Map<string, string>();
  for (;;) {
    opts.signal?.throwIfAborted();
    const svc = (await engine.swarm.listServices({})).find((s) => s.name === opts.serviceName);
    if (!svc) throw new StackOperationError(service, `service ${opts.serviceName} is gone`);
    const tasks = (await engine.swarm.listTasks({ service: opts.serviceName })).filter(
      (t) => (!opts.image || t.image === opts.image) && !opts.ignore?.has(t.id),
    );
    for (const t of currentTasks(tasks)) {
      const was = seen.get(t.id);
      if (was !== t.state) {
        seen.set(t.id, t.state);
        opts.onEvent?.({
          service,
          phase: "task",
          message: `${taskLabel(t)} ${t.state}${t.error ? `: ${t.error}` : ""}`,
        });
      }
    }
    const restartNone =
      svc.spec.TaskTemplate && "RestartPolicy" in svc.spec.TaskTemplate
        ? svc.spec.TaskTemplate.RestartPolicy?.Condition === "none"
        : false;
    const verdict = judgeTasks(tasks, svc.replicas, opts.condition, restartNone);
    if (verdict.failure) throw new StackOperationError(service, verdict.failure);
    if (verdict.met && (await containersHealthy(engine, tasks, opts.condition))) return;
    if (Date.now() > until)
      throw new StackOperationError(
        service,
        `not ${opts.condition.replace("service_", "")} after ${Math.round(opts.timeoutMs / 1000)} s`,
      );
    await sleep(500);
  }
}

async function containersHealthy(engine: ContainerEngine, tasks: SwarmTask[], condition: DependsOnCondition) {
  if (condition !== "service_healthy") return true;
  for (const t of currentTasks(tasks)) {
    if (t.state !== "running" || !t.containerId) continue;
    const c = await engine.inspect(t.containerId).catch(() => null);
    if (c && c.health !== null && c.health !== "healthy") return false;
  }
  return true;
}
