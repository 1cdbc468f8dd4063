import "server-only";
import { z } from "zod";
import { createContainerEngine } from "../../adapters/docker/index.ts";
import { getConfig } from "../../config.ts";
import { applyStack, stopStack, type StackEvent } from "../../stack/apply-stack.ts";
import { LABEL } from "../../stack/container-spec.ts";
import { getStackStatus, projectOf, templateCauses } from "../../stack/stack-status.ts";
import { describeCauses } from "../../stack/compose/problem-causes.ts";
import { describeCounts } from "../../stack/service-status.ts";
import { runServiceAction, settleCondition } from "../../stack/service-ops.ts";
import { loadTemplate } from "../../stack/templates.ts";
import { NotFoundError, ValidationError } from "../../errors.ts";
import { defineJobHandler, PermanentJobError } from "../types.ts";

const Payload = z.object({ template: z.string().min(1) });

/** A template with problems or missing images will not get better by retrying: fail the job at once. */
async function permanentOnBadInput<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ValidationError || e instanceof NotFoundError) throw new PermanentJobError(e.message);
    throw e;
  }
}

/**
 * `stack.up`: applies a template. Re-running is safe (unchanged services are left alone), so a job whose
 * process died is simply run again when its lease expires: it resumes where the engine's state is.
 */
export const stackUp = defineJobHandler({
  kind: "stack.up",
  payload: Payload,
  maxAttempts: 2,
  async run({ payload, progress, saveCheckpoint, signal, log }) {
    const t = loadTemplate(payload.template);
    const causes = templateCauses(t);
    if (causes.length) throw new PermanentJobError(`template ${t.name} has ${describeCauses(causes)}: ${causes.map((c) => c.fix ? `${c.message}: ${c.fix}` : c.message).join("; ")}`);
    const total = Object.keys(t.compose.services).length;
    // Up means: one-shot hooks completed, services with a healthcheck healthy, the rest running.
    const settle = Object.fromEntries(Object.keys(t.compose.services).map((name) => [name, settleCondition(t, name)]));
    const events: StackEvent[] = [];
    const done = new Set<string>();
    const engine = createContainerEngine({ socketPath: getConfig().dockerSocket });
    const result = await permanentOnBadInput(() => applyStack({
      engine, project: projectOf(t), compose: t.compose,
      workingDir: t.dir, configFile: t.file, signal, settle,
      onEvent: (e) => {
        events.push({ ...e });
        if (e.phase === "ready") done.add(e.service);
        log.info({ service: e.service, phase: e.phase }, e.message);
        void progress({ done: done.size, total, message: `${e.service}: ${e.message}` });
        void saveCheckpoint({ events: events.slice(-200) });
      },
    }));
    // The banner says what the stack is now, in the words of every other view (a completed one-shot is not "running").
    const { counts } = await getStackStatus(engine, t);
    await progress({ done: counts.running + counts.completed, total, message: `all services up: ${describeCounts(counts)}` });
    return { ...result, counts, events: events.slice(-200) };
  },
});

/** `stack.down`: stops the project's containers in reverse order and removes them (volumes kept unless asked). */
export const stackDown = defineJobHandler({
  kind: "stack.down",
  payload: Payload.extend({ volumes: z.boolean().default(false) }),
  maxAttempts: 2,
  async run({ payload, progress }) {
    const t = loadTemplate(payload.template);
    const engine = createContainerEngine({ socketPath: getConfig().dockerSocket });
    const project = projectOf(t);
    const stopped = await stopStack({ engine, project, compose: t.compose, onEvent: (e) => void progress({ done: 0, total: null, message: `${e.service}: ${e.message}` }) });
    const containers = await engine.listByLabels({ [LABEL.project]: project });
    await Promise.all(containers.map((c) => engine.remove(c.id))); // all stopped already: remove them together
    const volumes = payload.volumes ? await engine.removeVolumesAndNetworks({ [LABEL.project]: project }) : [];
    // Describes the stop and the state after it, never the state before it ("12 / 12 services up" once was).
    const { counts } = await getStackStatus(engine, t);
    const removed = `removed ${plural(containers.length, "container")}${payload.volumes ? ` and ${plural(volumes.length, "volume or network", "volumes or networks")}` : ""}`;
    await progress({ done: stopped.length, total: stopped.length, message: `${describeCounts(counts)} · stopped ${stopped.length} · ${removed}` });
    return { stopped, removed: containers.map((c) => c.name), volumesRemoved: volumes, counts };
  },
});

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `stack.service`: start (with its dependencies), stop or restart one service of a stack. */
export const stackService = defineJobHandler({
  kind: "stack.service",
  payload: Payload.extend({ service: z.string().min(1), action: z.enum(["start", "stop", "restart"]) }),
  maxAttempts: 2,
  async run({ payload, progress, signal, log }) {
    const t = loadTemplate(payload.template);
    const engine = createContainerEngine({ socketPath: getConfig().dockerSocket });
    const r = await permanentOnBadInput(() => runServiceAction({
      engine, template: t, service: payload.service, action: payload.action, signal,
      onEvent: (e) => {
        log.info({ service: e.service, phase: e.phase }, e.message);
        void progress({ done: 0, total: null, message: `${e.service}: ${e.message}` });
      },
    }));
    const { counts } = await getStackStatus(engine, t);
    await progress({ done: 1, total: 1, message: `${payload.service}: ${payload.action} done · ${describeCounts(counts)}` });
    return { ...r, counts };
  },
});
