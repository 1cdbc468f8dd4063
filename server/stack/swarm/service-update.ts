import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { ContainerEngine, SwarmService, SwarmServiceSpec } from "../../adapters/docker/index.ts";
import { NotFoundError, ValidationError } from "../../errors.ts";
import { StackOperationError, type StackEvent } from "../apply-stack.ts";
import type { DependsOnCondition } from "../plan-levels.ts";
import { STACK_LABEL } from "./service-spec.ts";
import { waitForService } from "./wait-tasks.ts";

type Common = {
  engine: ContainerEngine;
  serviceName: string;
  service: string;
  signal?: AbortSignal;
  onEvent?: (e: StackEvent) => void;
  timeoutMs?: number;
};

/** A one-shot runs to completion; any other service counts once all its desired tasks run (healthy where it has a check). */
const untilAllRun = (c: DependsOnCondition): DependsOnCondition =>
  c === "service_completed_successfully" ? c : "service_healthy";

async function find(engine: ContainerEngine, name: string): Promise<SwarmService> {
  const s = (await engine.swarm.listServices({})).find((x) => x.name === name);
  if (!s) throw new NotFoundError(`no Swarm service ${name}: deploy the stack with the swarm driver first`);
  return s;
}

type TaskTemplate = NonNullable<SwarmServiceSpec["TaskTemplate"]> & {
  ContainerSpec?: { Image?: string; Env?: string[] };
  ForceUpdate?: number;
};
const taskTemplate = (spec: SwarmServiceSpec) => (spec.TaskTemplate ?? {}) as TaskTemplate;

/** Scales a replicated service and waits until that many tasks run (healthy) or, at 0, until none does. */
export async function setReplicas(opts: Common & { replicas: number; condition: DependsOnCondition }): Promise<void> {
  const s = await find(opts.engine, opts.serviceName);
  if (s.replicas === null)
    throw new ValidationError(`${opts.service} is a global service (one task per node): it cannot be scaled`, [
      { path: "replicas", message: "global service" },
    ]);
  opts.onEvent?.({
    service: opts.service,
    phase: "updating",
    message: `scaling from ${s.replicas} to ${opts.replicas}`,
  });
  await opts.engine.swarm.updateService(s.id, s.version, {
    ...s.spec,
    Mode: { Replicated: { Replicas: opts.replicas } },
  });
  if (opts.replicas === 0) return waitNoTasks(opts);
  // Every desired task running (and healthy where the service has a healthcheck), not merely one started.
  await waitForService({ ...opts, timeoutMs: opts.timeoutMs ?? 180_000, condition: untilAllRun(opts.condition) });
  opts.onEvent?.({ service: opts.service, phase: "ready", message: `${opts.replicas} running` });
}

async function waitNoTasks(opts: Common) {
  const until = Date.now() + (opts.timeoutMs ?? 120_000);
  for (;;) {
    const s = await find(opts.engine, opts.serviceName);
    const live = (await opts.engine.swarm.listTasks({ service: opts.serviceName })).filter(
      (t) =>
        t.serviceId === s.id &&
        ["new", "pending", "assigned", "accepted", "preparing", "ready", "starting", "running"].includes(t.state),
    );
    if (!live.length) break;
    if (Date.now() > until)
      throw new StackOperationError(opts.service, `${live.length} tasks still running after scaling to 0`);
    await sleep(500);
  }
  opts.onEvent?.({ service: opts.service, phase: "stopped", message: "0 running" });
}

/**
 * A rolling update: a new image and/or changed environment (the service's update_config decides parallelism, order and
 * what a failure does). Waits for Swarm's update to complete and every task to run the new spec; a paused or rolled back
 * update fails the operation with Swarm's message.
 */
export async function rollingUpdate(
  opts: Common & { image?: string; env?: Record<string, string>; condition: DependsOnCondition },
): Promise<{ image: string; env: string[] }> {
  const s = await find(opts.engine, opts.serviceName);
  const tt = taskTemplate(s.spec);
  const cs = tt.ContainerSpec ?? {};
  const env = new Map((cs.Env ?? []).map((e) => [e.split("=")[0]!, e]));
  for (const [k, v] of Object.entries(opts.env ?? {})) env.set(k, `${k}=${v}`);
  const image = opts.image ?? cs.Image ?? "";
  const spec: SwarmServiceSpec = {
    ...s.spec,
    Labels: { ...s.spec.Labels, [STACK_LABEL.image]: image },
    TaskTemplate: {
      ...tt,
      ContainerSpec: { ...cs, Image: image, Env: [...env.values()] },
      ForceUpdate: (tt.ForceUpdate ?? 0) + (opts.image || opts.env ? 0 : 1),
    } as SwarmServiceSpec["TaskTemplate"],
  };
  opts.onEvent?.({
    service: opts.service,
    phase: "updating",
    message: `rolling update to ${image}${opts.env ? ` with ${Object.keys(opts.env).join(", ")}` : ""}`,
  });
  const old = new Set((await opts.engine.swarm.listTasks({ service: opts.serviceName })).map((t) => t.id));
  await opts.engine.swarm.updateService(s.id, s.version, spec);
  await waitUpdate(opts);
  await waitForService({
    ...opts,
    image,
    ignore: old,
    timeoutMs: opts.timeoutMs ?? 300_000,
    condition: untilAllRun(opts.condition),
  });
  opts.onEvent?.({ service: opts.service, phase: "ready", message: `updated to ${image}` });
  return { image, env: [...env.keys()] };
}

/** Restarts every task of a service (a forced rolling update with the same spec). */
export function forceRestart(opts: Common & { condition: DependsOnCondition }) {
  return rollingUpdate(opts);
}

async function waitUpdate(opts: Common) {
  const until = Date.now() + (opts.timeoutMs ?? 300_000);
  let last = "";
  for (;;) {
    opts.signal?.throwIfAborted();
    const s = await find(opts.engine, opts.serviceName);
    const u = s.update;
    if (u && `${u.state}${u.message}` !== last) {
      last = `${u.state}${u.message}`;
      opts.onEvent?.({
        service: opts.service,
        phase: "updating",
        message: `update ${u.state}${u.message ? `: ${u.message}` : ""}`,
      });
    }
    if (!u || u.state === "completed") return;
    if (u.state === "paused" || u.state.startsWith("rollback"))
      throw new StackOperationError(opts.service, `rolling update ${u.state}: ${u.message}`);
    if (Date.now() > until) throw new StackOperationError(opts.service, "rolling update not done in time");
    await sleep(500);
  }
}
