import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "../adapters/db/index.ts";
import type { ContainerEngine } from "../adapters/docker/index.ts";
import { hasRole, type Principal } from "../auth/index.ts";
import { ConflictError, ForbiddenError, OperationFailedError, ValidationError } from "../errors.ts";
import { enqueueJob, getJob, type Job } from "../jobs/index.ts";
import { imageReferenceErrors } from "./compose/image-reference.ts";
import type { StackSummary } from "./contract.ts";
import { activeOperationOf, getStackStatus } from "./stack-status.ts";
import { loadTemplate } from "./templates.ts";
import { StackDriverName } from "./driver.ts";
import { assertMayDeploy, detectDriver } from "./drivers.ts";

const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);

/**
 * Queues `stack.up`, `stack.down` or `stack.service` for a template as a durable job. One operation per stack at a time.
 * With `wait`, returns once the job has finished (or fails with the per-service state).
 */
export async function runStackOperation(opts: {
  db: Db;
  engine: ContainerEngine;
  kind: "stack.up" | "stack.down" | "stack.service" | "stack.scale" | "stack.update";
  template: string;
  principal: Principal;
  payload?: Record<string, unknown>;
  wait: boolean;
  timeoutSeconds: number;
  kick: () => void;
}): Promise<{ job: Job; stack: StackSummary }> {
  const t = loadTemplate(opts.template); // 404 for an unknown template, before anything is queued
  const badImages = opts.kind === "stack.down" ? [] : imageReferenceErrors(t.compose.services);
  if (badImages.length)
    throw new ValidationError(
      `template ${t.name} has invalid image references: ${badImages.map((e) => e.message).join("; ")}`,
      badImages,
    );
  // 503 now rather than a 202 and a job that fails later (or a 502 with wait): the job could not do anything.
  await opts.engine.ping();
  if (opts.kind === "stack.up")
    await assertMayDeploy(opts.engine, t, StackDriverName.parse(opts.payload?.driver ?? "compose"));
  if (opts.kind === "stack.scale" || opts.kind === "stack.update") {
    const current = await detectDriver(opts.engine, t);
    if (current !== "swarm")
      throw new ConflictError(
        `scaling and rolling updates need the swarm driver; stack ${t.name} ${current ? `runs under ${current}` : "is not running"}: start it with POST /api/v1/stacks/${t.name}/up?driver=swarm`,
      );
  }
  const busy = await activeOperationOf(opts.db, t.name);
  if (busy)
    throw new ConflictError(`stack ${t.name} is busy with ${busy.kind} (job ${busy.id}); wait for it or cancel it`);
  let job = await enqueueJob(opts.db, {
    kind: opts.kind,
    payload: { template: t.name, ...opts.payload },
    createdBy: opts.principal.username,
    maxAttempts: 2,
  });
  opts.kick();
  if (opts.wait) {
    const until = Date.now() + opts.timeoutSeconds * 1000;
    while (!TERMINAL.has(job.state) && Date.now() < until) {
      await sleep(500);
      job = await getJob(opts.db, job.id);
    }
  }
  const stack = await getStackStatus(opts.engine, t, opts.db);
  if (opts.wait && job.state !== "succeeded") {
    const why = TERMINAL.has(job.state)
      ? `${job.state}: ${job.lastError ?? "no detail"}`
      : `still ${job.state} after ${opts.timeoutSeconds} s`;
    throw new OperationFailedError(
      `${opts.kind}${opts.payload?.service ? ` ${String(opts.payload.action ?? "")} ${String(opts.payload.service)}` : ""} of ${t.name} ${why}`,
      { job, services: stack.services },
    );
  }
  return { job, stack };
}

/**
 * `down` with `volumes=true` deletes the stack's data for good: only an admin may, and only by repeating the stack's
 * name in `confirm`, so neither a stray click nor a replayed request of an operator's token can do it.
 */
export function assertMayRemoveVolumes(opts: {
  principal: Principal;
  stack: string;
  confirm: string | undefined;
}): void {
  if (!hasRole(opts.principal.role, "admin")) {
    throw new ForbiddenError(
      `removing the volumes of ${opts.stack} deletes its data: this needs the admin role; you have ${opts.principal.role}`,
    );
  }
  if (opts.confirm !== opts.stack) {
    throw new ValidationError(
      `removing the volumes of ${opts.stack} deletes its data: confirm with confirm=${opts.stack}`,
      [{ path: "query.confirm", message: `must be the stack's name, ${opts.stack}, to delete its volumes` }],
    );
  }
}
