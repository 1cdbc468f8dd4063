import "server-only";
import { z } from "zod";
import type { ContainerEngine } from "../adapters/docker/index.ts";
import { defineJobHandler, PermanentJobError, type JobHandler } from "../jobs/index.ts";
import { permanentOnBadInput } from "./job-errors.ts";
import type { StackEvent } from "./apply-stack.ts";
import { describeCauses } from "./compose/problem-causes.ts";
import { StackDriverName } from "./driver.ts";
import { DRIVERS, assertMayDeploy, driverInUse } from "./drivers.ts";
import { settleCondition } from "./service-ops.ts";
import { describeCounts } from "./service-status.ts";
import { getStackStatus, templateCauses } from "./stack-status.ts";
import { swarmJobs } from "./swarm/swarm-jobs.ts";
import { loadTemplate } from "./templates.ts";

const Payload = z.object({ template: z.string().min(1) });

/**
 * `stack.up`: applies a template. Re-running is safe (unchanged services are left alone), so a job whose
 * process died is simply run again when its lease expires: it resumes where the engine's state is.
 */
function stackUp(engine: ContainerEngine) {
  return defineJobHandler({
    kind: "stack.up",
    payload: Payload.extend({ driver: StackDriverName.default("compose") }),
    maxAttempts: 2,
    async run({ payload, progress, saveCheckpoint, signal, log }) {
      const t = loadTemplate(payload.template);
      const causes = templateCauses(t);
      if (causes.length)
        throw new PermanentJobError(
          `template ${t.name} has ${describeCauses(causes)}: ${causes.map((c) => (c.fix ? `${c.message}: ${c.fix}` : c.message)).join("; ")}`,
        );
      const total = Object.keys(t.compose.services).length;
      // Up means: one-shot hooks completed, services with a healthcheck healthy, the rest running.
      const settle = Object.fromEntries(
        Object.keys(t.compose.services).map((name) => [name, settleCondition(t, name)]),
      );
      const events: StackEvent[] = [];
      const done = new Set<string>();
      const driver = DRIVERS[payload.driver];
      await permanentOnBadInput(() => assertMayDeploy(engine, t, payload.driver));
      const result = await permanentOnBadInput(() =>
        driver.up({
          engine,
          template: t,
          signal,
          settle,
          onEvent: (e) => {
            events.push({ ...e });
            if (e.phase === "ready") done.add(e.service);
            log.info({ service: e.service, phase: e.phase }, e.message);
            void progress({ done: done.size, total, message: `${e.service}: ${e.message}` });
            void saveCheckpoint({ events: events.slice(-200) });
          },
        }),
      );
      // The banner says what the stack is now, in the words of every other view (a completed one-shot is not "running").
      const { counts } = await getStackStatus(engine, t);
      await progress({
        done: counts.running + counts.completed,
        total,
        message: `all services up: ${describeCounts(counts)}`,
      });
      return { ...result, counts, events: events.slice(-200) };
    },
  });
}

/** `stack.down`: stops the project's containers in reverse order and removes them (volumes kept unless asked). */
function stackDown(engine: ContainerEngine) {
  return defineJobHandler({
    kind: "stack.down",
    payload: Payload.extend({ volumes: z.boolean().default(false) }),
    maxAttempts: 2,
    async run({ payload, progress }) {
      const t = loadTemplate(payload.template);
      const driver = await driverInUse(engine, t);
      const {
        stopped,
        removed: containers,
        volumesRemoved: volumes,
      } = await driver.down({
        engine,
        template: t,
        volumes: payload.volumes,
        onEvent: (e) => void progress({ done: 0, total: null, message: `${e.service}: ${e.message}` }),
      });
      // Describes the stop and the state after it, never the state before it ("12 / 12 services up" once was).
      const { counts } = await getStackStatus(engine, t);
      const what = driver.name === "swarm" ? "service, network, config or secret" : "container";
      const removed = `removed ${plural(containers.length, what, driver.name === "swarm" ? "services, networks, configs or secrets" : undefined)}${payload.volumes ? ` and ${plural(volumes.length, "volume or network", "volumes or networks")}` : ""}`;
      await progress({
        done: stopped.length,
        total: stopped.length,
        message: `${describeCounts(counts)} · stopped ${stopped.length} · ${removed}`,
      });
      return { driver: driver.name, stopped, removed: containers, volumesRemoved: volumes, counts };
    },
  });
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `stack.service`: start (with its dependencies), stop or restart one service of a stack. */
function stackService(engine: ContainerEngine) {
  return defineJobHandler({
    kind: "stack.service",
    payload: Payload.extend({ service: z.string().min(1), action: z.enum(["start", "stop", "restart"]) }),
    maxAttempts: 2,
    async run({ payload, progress, signal, log }) {
      const t = loadTemplate(payload.template);
      const driver = await driverInUse(engine, t);
      const r = await permanentOnBadInput(() =>
        driver.serviceAction({
          engine,
          template: t,
          service: payload.service,
          action: payload.action,
          signal,
          onEvent: (e) => {
            log.info({ service: e.service, phase: e.phase }, e.message);
            void progress({ done: 0, total: null, message: `${e.service}: ${e.message}` });
          },
        }),
      );
      const { counts } = await getStackStatus(engine, t);
      await progress({
        done: 1,
        total: 1,
        message: `${payload.service}: ${payload.action} done · ${describeCounts(counts)}`,
      });
      return { ...r, counts };
    },
  });
}

/** The stack jobs (`stack.up`, `stack.down`, `stack.service`, and for swarm `stack.scale`, `stack.update`), all on the runtime's Docker engine. */
export function createStackJobs(deps: { engine: ContainerEngine }): JobHandler[] {
  return [
    stackUp(deps.engine),
    stackDown(deps.engine),
    stackService(deps.engine),
    ...swarmJobs(deps.engine),
  ] as unknown as JobHandler[];
}
