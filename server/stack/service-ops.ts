import "server-only";
import type { ContainerEngine } from "../adapters/docker/index.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import { normalizeDependsOn, type DependsOnCondition } from "./plan-levels.ts";
import type { ParsedCompose } from "./compose/parse-compose.ts";
import { applyStack, type StackEvent } from "./apply-stack.ts";
import { LABEL, stopGraceSeconds } from "./container-spec.ts";
import { projectOf } from "./project.ts";
import type { Template } from "./templates.ts";

export type ServiceAction = "start" | "stop" | "restart";

/** A service and everything it depends on, transitively: what `docker compose up <service>` starts. */
export function withDependencies(compose: ParsedCompose, service: string): ParsedCompose {
  if (!compose.services[service])
    throw new NotFoundError(
      `no service ${service} in this template; services: ${Object.keys(compose.services).join(", ")}`,
    );
  const keep = new Set<string>();
  const visit = (n: string) => {
    if (keep.has(n)) return;
    keep.add(n);
    for (const dep of Object.keys(normalizeDependsOn(compose.services[n]?.depends_on))) visit(dep);
  };
  visit(service);
  return {
    ...compose,
    services: Object.fromEntries(Object.entries(compose.services).filter(([n]) => keep.has(n))),
    levels: compose.levels.map((l) => l.filter((n) => keep.has(n))).filter((l) => l.length),
  };
}

/** What "up" means for a service: completed for one-shots, healthy with a healthcheck, else started. */
export function settleCondition(t: Template, service: string): DependsOnCondition {
  return t.meta.services[service]?.oneShot
    ? "service_completed_successfully"
    : t.compose.services[service]?.healthcheck
      ? "service_healthy"
      : "service_started";
}

/**
 * One service of a stack: `start` brings it up with whatever it depends on (as `docker compose up
 * <service>` does, leaving running dependencies alone), `stop` stops its container (dependents keep
 * running), `restart` stops and starts it again and waits until it is up.
 */
export async function runServiceAction(opts: {
  engine: ContainerEngine;
  template: Template;
  service: string;
  action: ServiceAction;
  signal?: AbortSignal;
  onEvent?: (e: StackEvent) => void;
}): Promise<{ service: string; action: ServiceAction; started: string[]; unchanged: string[]; recreated: string[] }> {
  const { engine, template: t, service, action } = opts;
  if (t.compose.problems.length)
    throw new ValidationError(
      `template ${t.name} has problems`,
      t.compose.problems.map((p) => ({ path: p.path, message: p.message })),
    );
  const sub = withDependencies(t.compose, service);
  const project = projectOf(t);
  const find = async () =>
    (await engine.listByLabels({ [LABEL.project]: project, [LABEL.service]: service })).find(
      (c) => c.labels[LABEL.oneoff] !== "True",
    );
  const grace = stopGraceSeconds(t.compose.services[service]!);
  const none = { started: [] as string[], unchanged: [] as string[], recreated: [] as string[] };
  if (action === "stop" || action === "restart") {
    const c = await find();
    if (!c && action === "stop") throw new NotFoundError(`${service} has no container: start it first`);
    if (c?.status === "running") {
      opts.onEvent?.({ service, phase: "stopping", message: `stopping ${c.name}` });
      await engine.stop(c.id, grace);
      opts.onEvent?.({ service, phase: "stopped", message: `stopped ${c.name}` });
    }
    if (action === "stop") return { service, action, ...none };
  }
  const r = await applyStack({
    engine,
    project,
    compose: sub,
    workingDir: t.dir,
    configFile: t.file,
    signal: opts.signal,
    onEvent: opts.onEvent,
    settle: { [service]: settleCondition(t, service) },
  });
  return { service, action, ...r };
}
