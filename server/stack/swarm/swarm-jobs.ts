import "server-only";
import { z } from "zod";
import type { ContainerEngine } from "../../adapters/docker/index.ts";
import { defineJobHandler } from "../../jobs/index.ts";
import { describeCounts } from "../service-status.ts";
import { settleCondition } from "../service-ops.ts";
import { permanentOnBadInput } from "../job-errors.ts";
import { getStackStatus } from "../stack-status.ts";
import { projectOf } from "../project.ts";
import { loadTemplate } from "../templates.ts";
import type { StackEvent } from "../apply-stack.ts";
import type { DependsOnCondition } from "../plan-levels.ts";
import { rollingUpdate, setReplicas } from "./service-update.ts";
import { swarmServiceName } from "./service-spec.ts";

const Base = z.object({ template: z.string().min(1), service: z.string().min(1) });

/** Every task state change and update step as a job progress line, and the last 200 as the checkpoint. */
function reporter(ctx: {
  progress: (p: { done: number; total: number | null; message: string }) => Promise<unknown>;
  saveCheckpoint: (c: unknown) => Promise<unknown>;
  log: { info: (o: object, m: string) => void };
}) {
  const events: StackEvent[] = [];
  return {
    events,
    onEvent: (e: StackEvent) => {
      events.push({ ...e });
      ctx.log.info({ service: e.service, phase: e.phase }, e.message);
      void ctx.progress({ done: 0, total: null, message: `${e.service}: ${e.message}` });
      void ctx.saveCheckpoint({ events: events.slice(-200) });
    },
  };
}

type JobContext = Parameters<typeof reporter>[0] & {
  payload: z.infer<typeof Base>;
  signal: AbortSignal;
};
type Target = {
  engine: ContainerEngine;
  serviceName: string;
  service: string;
  condition: DependsOnCondition;
  signal: AbortSignal;
  onEvent: (e: StackEvent) => void;
};

/**
 * One swarm service's operation as a job: resolves the service of the template, reports every task event, and ends
 * with the stack's counts after it, in the last progress line (`<service>: <what was done> · <counts>`) and the result.
 */
async function onService<T>(
  engine: ContainerEngine,
  job: JobContext,
  act: (target: Target) => Promise<T>,
  done: (out: T) => string,
) {
  const { template, service } = job.payload;
  const t = loadTemplate(template);
  const r = reporter(job);
  const target = { engine, service, serviceName: swarmServiceName(projectOf(t), service) };
  const out = await permanentOnBadInput(() =>
    act({ ...target, condition: settleCondition(t, service), signal: job.signal, onEvent: r.onEvent }),
  );
  const { counts } = await getStackStatus(engine, t);
  await job.progress({ done: 1, total: 1, message: `${service}: ${done(out)} · ${describeCounts(counts)}` });
  return { out, counts, events: r.events.slice(-200) };
}

/** `stack.scale`: sets a swarm service's replicas and waits until that many tasks run (healthy). Re-running is safe. */
function stackScale(engine: ContainerEngine) {
  return defineJobHandler({
    kind: "stack.scale",
    payload: Base.extend({ replicas: z.number().int().min(0) }),
    maxAttempts: 2,
    async run(job) {
      const { replicas, service } = job.payload;
      const { counts, events } = await onService(
        engine,
        job,
        (target) => setReplicas({ ...target, replicas }),
        () => `${replicas} ${replicas === 1 ? "replica" : "replicas"}`,
      );
      return { service, replicas, counts, events };
    },
  });
}

/** `stack.update`: a rolling update of one swarm service (new image and/or environment), task by task. */
function stackUpdate(engine: ContainerEngine) {
  return defineJobHandler({
    kind: "stack.update",
    payload: Base.extend({ image: z.string().optional(), env: z.record(z.string(), z.string()).optional() }),
    maxAttempts: 2,
    async run(job) {
      const { image, env, service } = job.payload;
      const { out, counts, events } = await onService(
        engine,
        job,
        (target) => rollingUpdate({ ...target, image, env }),
        (o) => `updated to ${o.image}`,
      );
      return { service, image: out.image, counts, events };
    },
  });
}

export function swarmJobs(engine: ContainerEngine) {
  return [stackScale(engine), stackUpdate(engine)];
}
