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

/** `stack.scale`: sets a swarm service's replicas and waits until that many tasks run (healthy). Re-running is safe. */
function stackScale(engine: ContainerEngine) {
  return defineJobHandler({
    kind: "stack.scale",
    payload: Base.extend({ replicas: z.number().int().min(0) }),
    maxAttempts: 2,
    async run({ payload, progress, saveCheckpoint, signal, log }) {
      const t = loadTemplate(payload.template);
      const r = reporter({ progress, saveCheckpoint, log });
      await permanentOnBadInput(() =>
        setReplicas({
          engine,
          serviceName: swarmServiceName(projectOf(t), payload.service),
          service: payload.service,
          replicas: payload.replicas,
          condition: settleCondition(t, payload.service),
          signal,
          onEvent: r.onEvent,
        }),
      );
      const { counts } = await getStackStatus(engine, t);
      await progress({
        done: 1,
        total: 1,
        message: `${payload.service}: ${payload.replicas} ${payload.replicas === 1 ? "replica" : "replicas"} · ${describeCounts(counts)}`,
      });
      return { service: payload.service, replicas: payload.replicas, counts, events: r.events.slice(-200) };
    },
  });
}

/** `stack.update`: a rolling update of one swarm service (new image and/or environment), task by task. */
function stackUpdate(engine: ContainerEngine) {
  return defineJobHandler({
    kind: "stack.update",
    payload: Base.extend({ image: z.string().optional(), env: z.record(z.string(), z.string()).optional() }),
    maxAttempts: 2,
    async run({ payload, progress, saveCheckpoint, signal, log }) {
      const t = loadTemplate(payload.template);
      const r = reporter({ progress, saveCheckpoint, log });
      const out = await permanentOnBadInput(() =>
        rollingUpdate({
          engine,
          serviceName: swarmServiceName(projectOf(t), payload.service),
          service: payload.service,
          image: payload.image,
          env: payload.env,
          condition: settleCondition(t, payload.service),
          signal,
          onEvent: r.onEvent,
        }),
      );
      const { counts } = await getStackStatus(engine, t);
      await progress({
        done: 1,
        total: 1,
        message: `${payload.service}: updated to ${out.image} · ${describeCounts(counts)}`,
      });
      return { service: payload.service, image: out.image, counts, events: r.events.slice(-200) };
    },
  });
}

export function swarmJobs(engine: ContainerEngine) {
  return [stackScale(engine), stackUpdate(engine)];
}
