import "server-only";
import type { SwarmService, SwarmTask } from "../../adapters/docker/index.ts";
import { NotFoundError, ValidationError } from "../../errors.ts";
import type { ServiceFacts, StackDriver } from "../driver.ts";
import { settleCondition } from "../service-ops.ts";
import { isOneShot, projectOf } from "../project.ts";
import type { Template } from "../templates.ts";
import { applySwarmStack, removeSwarmStack, stackServices } from "./apply-swarm.ts";
import { setReplicas, forceRestart } from "./service-update.ts";
import { STACK_LABEL, swarmServiceName } from "./service-spec.ts";
import { currentTasks } from "./wait-tasks.ts";

const SERVICE_LABEL = "com.docker.swarm.service.name";

/** One service's facts from its tasks: running when every desired task runs (healthy: Swarm gates running on it). */
export function swarmFacts(svc: SwarmService, tasks: SwarmTask[], hasHealthcheck: boolean): ServiceFacts {
  const now = currentTasks(tasks).filter((t) => t.desiredState !== "shutdown" || t.state === "complete");
  const running = now.filter((t) => t.state === "running");
  const desired = svc.replicas ?? now.length;
  const base = {
    container: svc.name,
    startedAt: running[0]?.updatedAt ?? null,
    ports: [],
    replicas: { desired: svc.replicas, running: running.length },
    tasks: currentTasks(tasks).map((t) => ({
      id: t.id,
      slot: t.slot,
      node: t.nodeId,
      state: t.state,
      desiredState: t.desiredState,
      message: t.error ?? t.message,
      image: t.image,
      updatedAt: t.updatedAt,
    })),
  };
  const failed = now.find((t) => t.state === "failed" || t.state === "rejected");
  if (now.length && now.every((t) => t.state === "complete"))
    return { ...base, state: "exited", health: null, exitCode: 0 };
  if (desired === 0) return { ...base, state: "exited", health: null, exitCode: 0 };
  if (running.length >= desired && running.length > 0)
    return { ...base, state: "running", health: hasHealthcheck ? "healthy" : null, exitCode: null };
  if (
    running.length ||
    now.some((t) => ["new", "pending", "assigned", "accepted", "preparing", "ready", "starting"].includes(t.state))
  )
    return { ...base, state: "running", health: "starting", exitCode: null };
  if (failed) return { ...base, state: "exited", health: null, exitCode: failed.exitCode ?? 1 };
  return { ...base, state: "created", health: null, exitCode: null };
}

function assertService(t: Template, service: string) {
  if (!t.compose.services[service])
    throw new NotFoundError(
      `no service ${service} in this template; services: ${Object.keys(t.compose.services).join(", ")}`,
    );
}

/** The template as a Swarm stack: services named <stack>_<service> with `docker stack`'s labels, on the engine's swarm. */
export const swarmDriver: StackDriver = {
  name: "swarm",
  isDeployed: async (engine, t) => (await stackServices(engine, projectOf(t))).length > 0,
  up: ({ engine, template: t, signal, onEvent, settle }) =>
    applySwarmStack({
      engine,
      stack: projectOf(t),
      compose: t.compose,
      workingDir: t.dir,
      oneShot: (s) => isOneShot(t, s),
      signal,
      onEvent,
      settle,
    }),
  down: ({ engine, template: t, volumes, onEvent }) =>
    removeSwarmStack({ engine, stack: projectOf(t), volumes, onEvent }),
  async serviceAction({ engine, template: t, service, action, signal, onEvent }) {
    assertService(t, service);
    const none = { started: [] as string[], unchanged: [] as string[], recreated: [] as string[] };
    const name = swarmServiceName(projectOf(t), service);
    const common = { engine, serviceName: name, service, signal, onEvent };
    if (action === "restart") {
      await forceRestart({ ...common, condition: settleCondition(t, service) });
      return { service, action, ...none, recreated: [service] };
    }
    const replicas =
      action === "stop" ? 0 : Number((t.compose.services[service]!.deploy as { replicas?: number })?.replicas ?? 1);
    if ((t.compose.services[service]!.deploy as { mode?: string } | undefined)?.mode === "global")
      throw new ValidationError(
        `${service} is a global service: it cannot be ${action}ped by scaling; remove the stack instead`,
        [{ path: `services.${service}.deploy.mode`, message: "global" }],
      );
    await setReplicas({ ...common, replicas, condition: settleCondition(t, service) });
    return { service, action, ...none, started: action === "start" ? [service] : [] };
  },
  async facts(engine, t) {
    const stack = projectOf(t);
    const services = await stackServices(engine, stack);
    if (!services.length) return new Map();
    const tasks = await engine.swarm.listTasks({});
    const out = new Map<string, ServiceFacts>();
    for (const svc of services) {
      const service = svc.name.slice(stack.length + 1);
      const facts = swarmFacts(
        svc,
        tasks.filter((x) => x.serviceId === svc.id),
        Boolean(t.compose.services[service]?.healthcheck),
      );
      out.set(service, { ...facts, ports: (t.compose.services[service]?.expose ?? []).map(String) });
    }
    return out;
  },
  async containers(engine, t) {
    const stack = projectOf(t);
    return (await engine.listByLabels({ [STACK_LABEL.namespace]: stack }))
      .filter((c) => c.labels[SERVICE_LABEL]?.startsWith(`${stack}_`))
      .map((c) => ({ service: c.labels[SERVICE_LABEL]!.slice(stack.length + 1), c }));
  },
};
