import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { ContainerEngine, ContainerState } from "../adapters/docker/index.ts";
import { ValidationError } from "../errors.ts";
import type { ParsedCompose } from "./compose/parse-compose.ts";
import { howToGet } from "./validate.ts";
import { composeObjectBinds } from "./compose-objects.ts";
import { containerSpec, LABEL, stopGraceSeconds } from "./container-spec.ts";
import { normalizeDependsOn, type DependsOnCondition } from "./plan-levels.ts";

export type StackEvent = {
  service: string;
  phase:
    | "pulling"
    | "pulled"
    | "unchanged"
    | "creating"
    | "recreating"
    | "waiting"
    | "started"
    | "ready"
    | "stopping"
    | "stopped"
    | "task"
    | "updating"
    | "failed";
  message: string;
};

export class StackOperationError extends Error {
  constructor(
    readonly service: string,
    message: string,
  ) {
    super(`${service}: ${message}`);
  }
}

type ApplyOptions = {
  engine: ContainerEngine;
  project: string;
  compose: ParsedCompose;
  workingDir: string;
  configFile: string;
  onEvent?: (e: StackEvent) => void;
  signal?: AbortSignal;
  /** How long one dependency condition may take. */
  gateTimeoutMs?: number;
  /** After everything started: the condition each service must reach before the stack counts as up. */
  settle?: Record<string, DependsOnCondition>;
};

async function waitForCondition(
  engine: ContainerEngine,
  id: string,
  target: string,
  condition: DependsOnCondition,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    const s = await engine.inspect(id);
    if (condition === "service_started" && s.status !== "created") return;
    if (condition === "service_healthy") {
      if (s.health === null) throw new StackOperationError(target, "is required to be healthy but has no healthcheck");
      if (s.health === "healthy") return;
      if (s.health === "unhealthy") throw new StackOperationError(target, "became unhealthy");
      if (s.status === "exited")
        throw new StackOperationError(target, `exited with code ${s.exitCode} before becoming healthy`);
    }
    if (condition === "service_completed_successfully" && s.status === "exited") {
      if (s.exitCode === 0) return;
      throw new StackOperationError(target, `exited with code ${s.exitCode}`);
    }
    if (Date.now() > until)
      throw new StackOperationError(
        target,
        `not ${condition.replace("service_", "")} after ${Math.round(timeoutMs / 1000)} s`,
      );
    await sleep(250);
  }
}

/**
 * Brings a project to the state its Compose file describes: level by level, in parallel within a
 * level, each service waiting for its own depends_on conditions first. Containers whose config hash
 * is unchanged are left alone (started if stopped); changed ones are recreated.
 */
export async function applyStack(
  opts: ApplyOptions,
): Promise<{ started: string[]; unchanged: string[]; recreated: string[] }> {
  const { engine, project, compose } = opts;
  if (compose.problems.length) {
    throw new ValidationError(
      "the Compose file has problems",
      compose.problems.map((p) => ({ path: p.path, message: p.line ? `line ${p.line}: ${p.message}` : p.message })),
    );
  }
  const objectBinds = composeObjectBinds(compose, opts.workingDir);
  const emit = (e: StackEvent) => opts.onEvent?.(e);
  await pullMissing(engine, compose, emit, opts.signal);
  const labels = { [LABEL.project]: project };
  if (Object.values(compose.services).some((s) => typeof s.network_mode !== "string"))
    await engine.ensureNetwork(`${project}_default`, labels);
  const existing = new Map<string, ContainerState>(
    (await engine.listByLabels(labels))
      .filter((c) => c.labels[LABEL.oneoff] !== "True")
      .map((c) => [c.labels[LABEL.service]!, c]),
  );
  const ids = new Map<string, string>();
  const result = { started: [] as string[], unchanged: [] as string[], recreated: [] as string[] };

  const bringUp = async (name: string) => {
    const service = compose.services[name]!;
    for (const [target, condition] of Object.entries(normalizeDependsOn(service.depends_on))) {
      emit({
        service: name,
        phase: "waiting",
        message: `waiting for ${target} (${condition.replace("service_", "")})`,
      });
      await waitForCondition(engine, ids.get(target)!, target, condition, opts.gateTimeoutMs ?? 120_000, opts.signal);
    }
    opts.signal?.throwIfAborted();
    const plan = containerSpec({
      project,
      name,
      service,
      workingDir: opts.workingDir,
      configFile: opts.configFile,
      objectBinds: objectBinds(name),
    });
    const current = existing.get(name);
    if (current && current.labels[LABEL.configHash] === plan.hash) {
      ids.set(name, current.id);
      const completedOneShot = current.status === "exited" && current.exitCode === 0 && isOneShot(compose, name);
      if (current.status !== "running" && !completedOneShot) await engine.start(current.id);
      result.unchanged.push(name);
      emit({ service: name, phase: "unchanged", message: "configuration unchanged" });
      return;
    }
    if (current) {
      emit({ service: name, phase: "recreating", message: "configuration changed: recreating" });
      await engine.stop(current.id, plan.stopGraceSeconds);
      await engine.remove(current.id);
      result.recreated.push(name);
    } else emit({ service: name, phase: "creating", message: `creating ${plan.spec.name}` });
    for (const v of plan.namedVolumes) await engine.ensureVolume(v, labels);
    const id = await engine.create(plan.spec);
    ids.set(name, id);
    await engine.start(id);
    result.started.push(name);
    emit({ service: name, phase: "started", message: `started ${plan.spec.name}` });
  };

  const settleLevel = async (work: Promise<void>[]) => {
    const failed = (await Promise.allSettled(work)).find((o): o is PromiseRejectedResult => o.status === "rejected");
    if (failed) {
      const e = failed.reason as Error;
      emit({ service: e instanceof StackOperationError ? e.service : "stack", phase: "failed", message: e.message });
      throw e;
    }
  };
  for (const level of compose.levels) await settleLevel(level.map(bringUp));
  await settleLevel(
    Object.entries(opts.settle ?? {}).map(async ([name, condition]) => {
      await waitForCondition(engine, ids.get(name)!, name, condition, opts.gateTimeoutMs ?? 120_000, opts.signal);
      emit({ service: name, phase: "ready", message: condition.replace("service_", "") });
    }),
  );
  return result;
}

/**
 * Pulls every image the engine lacks, in parallel, reporting progress per service. When any cannot be
 * pulled (no registry reachable, unknown image), nothing is started: the error names every missing image,
 * why it could not be pulled and how to build or load it.
 */
export async function pullMissing(
  engine: ContainerEngine,
  compose: ParsedCompose,
  emit: (e: StackEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  const byImage = new Map<string, string[]>();
  for (const [name, s] of Object.entries(compose.services))
    if (typeof s.image === "string") byImage.set(s.image, [...(byImage.get(s.image) ?? []), name]);
  const missing = [];
  for (const image of byImage.keys()) if (!(await engine.imageExists(image))) missing.push(image);
  const failures: { image: string; why: string }[] = [];
  await Promise.all(
    missing.map(async (image) => {
      const services = byImage.get(image)!;
      let last = 0;
      emit({ service: services[0]!, phase: "pulling", message: `pulling ${image}` });
      try {
        await engine.pull(image, { signal, startTimeoutMs: 30_000 }, (p) => {
          if (Date.now() - last < 500) return;
          last = Date.now();
          const pct = p.totalBytes
            ? ` ${Math.floor((p.currentBytes / p.totalBytes) * 100)}% (${(p.currentBytes / 1e6).toFixed(1)} of ${(p.totalBytes / 1e6).toFixed(1)} MB)`
            : "";
          for (const service of services)
            emit({ service, phase: "pulling", message: `pulling ${image}:${pct} ${p.layersDone}/${p.layers} layers` });
        });
        for (const service of services) emit({ service, phase: "pulled", message: `pulled ${image}` });
      } catch (e) {
        failures.push({ image, why: e instanceof Error ? e.message : String(e) });
      }
    }),
  );
  if (failures.length) {
    failures.sort((a, b) => a.image.localeCompare(b.image));
    throw new ValidationError(
      `missing images, nothing was started: ${failures.map((f) => f.image).join(", ")}`,
      failures.map((f) => ({ path: `image ${f.image}`, message: `${howToGet(f.image)} (${f.why})` })),
    );
  }
}

/** A one-shot service (others wait for it to complete) is not restarted once it has completed. */
function isOneShot(compose: ParsedCompose, name: string): boolean {
  return Object.values(compose.services).some(
    (s) => normalizeDependsOn(s.depends_on)[name] === "service_completed_successfully",
  );
}

/** Stops a project's containers in reverse dependency order (dependents first), in parallel within a level. */
export async function stopStack(opts: {
  engine: ContainerEngine;
  project: string;
  compose: ParsedCompose;
  onEvent?: (e: StackEvent) => void;
}): Promise<string[]> {
  const running = new Map(
    (await opts.engine.listByLabels({ [LABEL.project]: opts.project })).map((c) => [c.labels[LABEL.service]!, c]),
  );
  const stopped: string[] = [];
  for (const level of [...opts.compose.levels].reverse()) {
    await Promise.all(
      level.map(async (name) => {
        const c = running.get(name);
        if (!c || c.status !== "running") return;
        opts.onEvent?.({ service: name, phase: "stopping", message: `stopping ${c.name}` });
        await opts.engine.stop(c.id, stopGraceSeconds(opts.compose.services[name]!));
        stopped.push(name);
        opts.onEvent?.({ service: name, phase: "stopped", message: `stopped ${c.name}` });
      }),
    );
  }
  return stopped;
}
