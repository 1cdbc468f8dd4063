import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { ContainerEngine, SwarmService } from "../../adapters/docker/index.ts";
import { ConflictError, ValidationError } from "../../errors.ts";
import { pullMissing, StackOperationError, type StackEvent } from "../apply-stack.ts";
import type { ParsedCompose } from "../compose/parse-compose.ts";
import { normalizeDependsOn, type DependsOnCondition } from "../plan-levels.ts";
import { swarmChecks } from "./checks.ts";
import { STACK_LABEL, swarmServiceName, swarmServiceSpec } from "./service-spec.ts";
import { ensureStackObjects, pruneStackObjects } from "./stack-objects.ts";
import { waitForService } from "./wait-tasks.ts";

export const SWARM_INIT_HINT = "make this engine a swarm manager with `docker swarm init --advertise-addr 127.0.0.1`";

/** Refuses (409) unless the engine is a swarm manager, saying how to make it one. */
export async function assertSwarmActive(engine: ContainerEngine): Promise<void> {
  const state = await engine.swarm.state();
  if (state !== "active")
    throw new ConflictError(
      `the swarm driver needs a swarm: this Docker engine's swarm state is ${state}; ${SWARM_INIT_HINT}`,
    );
}

/** The stack's Swarm services (by the namespace label `docker stack` uses); none when the engine is not in a swarm. */
export async function stackServices(engine: ContainerEngine, stack: string): Promise<SwarmService[]> {
  if ((await engine.swarm.state()) !== "active") return [];
  return engine.swarm.listServices({ [STACK_LABEL.namespace]: stack });
}

type SwarmApply = {
  engine: ContainerEngine;
  stack: string;
  compose: ParsedCompose;
  workingDir: string;
  oneShot: (service: string) => boolean;
  onEvent?: (e: StackEvent) => void;
  signal?: AbortSignal;
  gateTimeoutMs?: number;
  settle?: Record<string, DependsOnCondition>;
};

async function networksFor(engine: ContainerEngine, stack: string) {
  const host = await engine.swarm.networkId("host");
  let overlay: string | null = null;
  return async (networkMode: unknown): Promise<string[]> => {
    if (networkMode === "host") return host ? [host] : [];
    overlay ??= await engine.swarm.ensureOverlayNetwork(`${stack}_default`, { [STACK_LABEL.namespace]: stack });
    return [overlay];
  };
}

/** The file's problems and what Swarm cannot do at all refuse the deploy before anything is created. */
function assertDeployable(compose: ParsedCompose) {
  const blocking = [...compose.problems, ...swarmChecks(compose).filter((p) => p.severity === "error")];
  if (blocking.length)
    throw new ValidationError(
      "the Compose file cannot be deployed to Swarm",
      blocking.map((p) => ({ path: p.path, message: p.message })),
    );
}

/** Waits for every piece of work of a level; the first failure is reported as a `failed` event and thrown. */
async function allOrFirstFailure(work: Promise<void>[], emit: (e: StackEvent) => void) {
  const failed = (await Promise.allSettled(work)).find((o): o is PromiseRejectedResult => o.status === "rejected");
  if (!failed) return;
  const e = failed.reason as Error;
  emit({ service: e instanceof StackOperationError ? e.service : "stack", phase: "failed", message: e.message });
  throw e;
}

/**
 * Deploys a template as a Swarm stack in the Compose file's start levels: a service is created (or updated, a rolling
 * update, when its definition changed) once the services it depends on meet their conditions, judged from their tasks
 * and containers. Services whose definition is unchanged are left alone, so running it again resumes a deploy.
 */
export async function applySwarmStack(
  opts: SwarmApply,
): Promise<{ started: string[]; unchanged: string[]; recreated: string[] }> {
  const { engine, stack, compose } = opts;
  assertDeployable(compose);
  await assertSwarmActive(engine);
  const emit = (e: StackEvent) => opts.onEvent?.(e);
  await pullMissing(engine, compose, emit, opts.signal);
  const networks = await networksFor(engine, stack);
  const objects = await ensureStackObjects(engine, stack, compose, opts.workingDir);
  const existing = new Map((await stackServices(engine, stack)).map((s) => [s.name, s]));
  const result = { started: [] as string[], unchanged: [] as string[], recreated: [] as string[] };
  const timeoutMs = opts.gateTimeoutMs ?? 120_000;
  const wait = (service: string, condition: DependsOnCondition) =>
    waitForService({
      engine,
      service,
      serviceName: swarmServiceName(stack, service),
      condition,
      timeoutMs,
      signal: opts.signal,
      onEvent: opts.onEvent,
    });

  const bringUp = async (name: string) => {
    const service = compose.services[name]!;
    for (const [target, condition] of Object.entries(normalizeDependsOn(service.depends_on))) {
      emit({
        service: name,
        phase: "waiting",
        message: `waiting for ${target} (${condition.replace("service_", "")})`,
      });
      await wait(target, condition);
    }
    opts.signal?.throwIfAborted();
    const spec = swarmServiceSpec({
      stack,
      name,
      service,
      workingDir: opts.workingDir,
      oneShot: opts.oneShot(name),
      networks: await networks(service.network_mode),
      objects,
    });
    const current = existing.get(spec.Name);
    if (current?.labels[STACK_LABEL.configHash] === spec.Labels[STACK_LABEL.configHash]) {
      result.unchanged.push(name);
      emit({ service: name, phase: "unchanged", message: "configuration unchanged" });
      return;
    }
    if (current) {
      emit({ service: name, phase: "recreating", message: "configuration changed: rolling update" });
      await engine.swarm.updateService(current.id, current.version, spec);
      result.recreated.push(name);
    } else {
      emit({ service: name, phase: "creating", message: `creating service ${spec.Name}` });
      await engine.swarm.createService(spec);
      result.started.push(name);
    }
    emit({ service: name, phase: "started", message: `service ${spec.Name} ${current ? "updated" : "created"}` });
  };

  const settleLevel = (work: Promise<void>[]) => allOrFirstFailure(work, emit);
  for (const level of compose.levels) await settleLevel(level.map(bringUp));
  await settleLevel(
    Object.entries(opts.settle ?? {}).map(async ([name, condition]) => {
      // Up means every desired task running (healthy where it has a healthcheck), not merely one started.
      await wait(name, condition === "service_started" ? "service_healthy" : condition);
      emit({ service: name, phase: "ready", message: condition.replace("service_", "") });
    }),
  );
  for (const gone of await pruneStackObjects(engine, stack, objects))
    emit({ service: "stack", phase: "stopped", message: `removed ${gone}, no service uses it any more` });
  return result;
}

/**
 * Removes a Swarm stack as `docker stack rm` does (its services, then its networks, configs and secrets), waiting until
 * the services' containers are gone; volumes too when asked.
 */
export async function removeSwarmStack(opts: {
  engine: ContainerEngine;
  stack: string;
  volumes: boolean;
  onEvent?: (e: StackEvent) => void;
}): Promise<{ stopped: string[]; removed: string[]; volumesRemoved: string[] }> {
  const { engine, stack } = opts;
  const services = await stackServices(engine, stack);
  const short = (s: SwarmService) => s.name.slice(stack.length + 1);
  for (const s of services) {
    opts.onEvent?.({ service: short(s), phase: "stopping", message: `removing service ${s.name}` });
    await engine.swarm.removeService(s.id);
  }
  // Gone means no task and no container of the stack: a task assigned just before its service was removed may
  // create its container after a list of containers came back empty, and tasks go before their containers do.
  const ns = { [STACK_LABEL.namespace]: stack };
  const until = Date.now() + 120_000;
  const left = async () =>
    (await engine.swarm.listTasks({ label: ns })).length + (await engine.listByLabels(ns)).length;
  while ((await left()) && Date.now() < until) await sleep(500);
  for (const s of services) opts.onEvent?.({ service: short(s), phase: "stopped", message: `removed ${s.name}` });
  // Configs and secrets too when no service is left (a deploy that failed before creating one leaves objects).
  const removed =
    (await engine.swarm.state()) === "active"
      ? await engine.swarm.removeByLabels({ [STACK_LABEL.namespace]: stack })
      : [];
  const volumesRemoved = opts.volumes ? await engine.removeVolumesAndNetworks({ [STACK_LABEL.namespace]: stack }) : [];
  return { stopped: services.map(short), removed: [...services.map((s) => s.name), ...removed], volumesRemoved };
}
