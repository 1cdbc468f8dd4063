import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Logger } from "pino";
import type { Db } from "../adapters/db/index.ts";
import { Prisma } from "../../prisma/generated/client.ts";
import { retryDelayMs } from "./backoff.ts";
import type { JobProgress } from "./contract.ts";
import { PermanentJobError, type JobHandler } from "./types.ts";

export type JobRunner = {
  readonly owner: string;
  start(): void;
  stop(): Promise<void>;
  /** Claims and runs at most one job now; for tests and for a prompt start after enqueueing. */
  tick(): Promise<boolean>;
  running(): number;
  /** Runs the heartbeat of a job now if it runs in this process, so a cancel takes effect at once, not at the next beat. */
  nudge(jobId: string): void;
};

type RunnerOptions = {
  db: Db;
  log: Logger;
  handlers: readonly JobHandler[];
  leaseMs: number;
  pollMs: number;
  concurrency?: number;
  owner?: string;
  /** Delay before retrying after a failed attempt; exponential backoff by default. */
  retryDelay?: (attempt: number) => number;
  /** Told after a job's row changed here (claimed, progress, ended): the runtime wakes event streams on every instance. */
  changed?: (id: string) => void;
};

type Claimed = {
  id: string;
  kind: string;
  payload: unknown;
  checkpoint: unknown;
  attempts: number;
  maxAttempts: number;
};

class CancelledError extends Error {}
class LeaseLostError extends Error {}

/** What the steps of one runner share: its database, log, identity, lease and handlers, and the jobs running here. */
type Runner = {
  db: Db;
  log: Logger;
  owner: string;
  leaseMs: number;
  retryDelay: (attempt: number) => number;
  handlers: Map<string, JobHandler>;
  /** Heartbeat triggers of the jobs running here, by id. */
  local: Map<string, () => void>;
  changed: (id: string) => void;
};

async function claim(r: Runner): Promise<Claimed | null> {
  const rows = await r.db.$queryRaw<Claimed[]>`
    UPDATE "Job" SET state = 'running', "leaseOwner" = ${r.owner},
      "leaseExpiresAt" = now() + make_interval(secs => ${r.leaseMs / 1000}::float8),
      attempts = attempts + 1, "startedAt" = COALESCE("startedAt", now()), "updatedAt" = now()
    WHERE id = (
      SELECT id FROM "Job"
      WHERE kind IN (${Prisma.join([...r.handlers.keys()])})
        AND ((state = 'queued' AND "runAt" <= now()) OR (state = 'running' AND "leaseExpiresAt" < now()))
      ORDER BY "runAt" LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING id, kind, payload, checkpoint, attempts, "maxAttempts"`;
  return rows[0] ?? null;
}

/** Renews the lease; reports cancellation or a lost lease. */
async function heartbeat(r: Runner, id: string): Promise<"ok" | "cancel" | "lost"> {
  const rows = await r.db.$queryRaw<{ cancelRequested: boolean }[]>`
    UPDATE "Job" SET "leaseExpiresAt" = now() + make_interval(secs => ${r.leaseMs / 1000}::float8)
    WHERE id = ${id} AND "leaseOwner" = ${r.owner} AND state = 'running' RETURNING "cancelRequested"`;
  if (!rows[0]) return "lost";
  return rows[0].cancelRequested ? "cancel" : "ok";
}

async function finish(r: Runner, id: string, data: Prisma.JobUpdateManyMutationInput): Promise<void> {
  await r.db.job.updateMany({
    where: { id, leaseOwner: r.owner, state: "running" },
    data: { ...data, leaseOwner: null, leaseExpiresAt: null },
  });
  r.changed(id);
}

/** Beats the job's heartbeat on a timer (and on nudge); a cancel or a lost lease aborts its signal. */
function startHeartbeat(r: Runner, job: Claimed, controller: AbortController, jlog: Logger): () => void {
  const beatNow = () => {
    heartbeat(r, job.id)
      .then((s) => {
        if (s === "cancel") controller.abort(new CancelledError("cancelled by request"));
        if (s === "lost") controller.abort(new LeaseLostError("lease lost to another runner"));
      })
      .catch((e: unknown) => jlog.warn({ err: e }, "job heartbeat failed"));
  };
  const beat = setInterval(beatNow, Math.max(200, Math.floor(r.leaseMs / 3)));
  r.local.set(job.id, beatNow);
  return () => {
    clearInterval(beat);
    r.local.delete(job.id);
  };
}

/** Validates the payload and runs the handler with the job's context; answers its result. */
async function runHandler(r: Runner, job: Claimed, signal: AbortSignal, jlog: Logger): Promise<unknown> {
  const handler = r.handlers.get(job.kind)!;
  const payload = handler.payload.safeParse(job.payload);
  if (!payload.success)
    throw new PermanentJobError(
      `invalid payload: ${payload.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  let lastProgressAt = 0;
  return handler.run({
    jobId: job.id,
    attempt: job.attempts,
    payload: payload.data,
    checkpoint: job.checkpoint,
    signal,
    db: r.db,
    log: jlog,
    async progress(p: JobProgress) {
      const now = Date.now();
      if (now - lastProgressAt < 250 && p.total !== null && p.done < p.total) return; // at most 4 writes/s
      lastProgressAt = now;
      await r.db.job.updateMany({ where: { id: job.id, leaseOwner: r.owner }, data: { progress: p } });
      r.changed(job.id);
    },
    async saveCheckpoint(c: unknown) {
      await r.db.job.updateMany({
        where: { id: job.id, leaseOwner: r.owner },
        data: { checkpoint: c as Prisma.InputJsonValue },
      });
    },
  });
}

/** Records how an attempt ended badly: lease lost (nothing to record), cancelled, failed for good, or queued for a retry. */
async function settleFailure(r: Runner, job: Claimed, reason: unknown, jlog: Logger): Promise<void> {
  const message = reason instanceof Error ? reason.message : String(reason);
  if (reason instanceof LeaseLostError) {
    jlog.warn("job lease lost; another runner owns it now");
  } else if (reason instanceof CancelledError) {
    await finish(r, job.id, { state: "cancelled", finishedAt: new Date(), lastError: message });
    jlog.info("job cancelled");
  } else if (reason instanceof PermanentJobError || job.attempts >= job.maxAttempts) {
    await finish(r, job.id, { state: "failed", finishedAt: new Date(), lastError: message });
    jlog.error({ err: reason }, "job failed");
  } else {
    const delay = r.retryDelay(job.attempts);
    await finish(r, job.id, { state: "queued", runAt: new Date(Date.now() + delay), lastError: message });
    jlog.warn({ err: reason, retryInMs: delay }, "job attempt failed; will retry");
  }
}

async function execute(r: Runner, job: Claimed): Promise<void> {
  const jlog = r.log.child({ jobId: job.id, kind: job.kind, attempt: job.attempts });
  if (job.attempts > job.maxAttempts) {
    await finish(r, job.id, {
      state: "failed",
      finishedAt: new Date(),
      lastError: "the runner died during the last allowed attempt",
    });
    return;
  }
  r.changed(job.id);
  const controller = new AbortController();
  const stopBeating = startHeartbeat(r, job, controller, jlog);
  jlog.info("job started");
  try {
    const result = await runHandler(r, job, controller.signal, jlog);
    if (controller.signal.aborted) throw controller.signal.reason;
    await finish(r, job.id, {
      state: "succeeded",
      finishedAt: new Date(),
      result: (result ?? Prisma.JsonNull) as Prisma.InputJsonValue,
      lastError: null,
    });
    jlog.info("job succeeded");
  } catch (e) {
    await settleFailure(r, job, controller.signal.aborted ? controller.signal.reason : e, jlog);
  } finally {
    stopBeating();
  }
}

/**
 * Leases jobs from the Job table with FOR UPDATE SKIP LOCKED, so any number of runners (processes)
 * can share one database. A job whose runner died is picked up again once its lease expires.
 */
export function createJobRunner(opts: RunnerOptions): JobRunner {
  const { log } = opts;
  const r: Runner = {
    db: opts.db,
    log,
    owner: opts.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    leaseMs: opts.leaseMs,
    retryDelay: opts.retryDelay ?? retryDelayMs,
    handlers: new Map(opts.handlers.map((h) => [h.kind, h])),
    local: new Map(),
    changed: opts.changed ?? (() => undefined),
  };
  const concurrency = opts.concurrency ?? 2;
  const active = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;

  async function tick(): Promise<boolean> {
    if (active.size >= concurrency || r.handlers.size === 0) return false;
    const job = await claim(r);
    if (!job) return false;
    const p = execute(r, job)
      .catch((e: unknown) => log.error({ err: e, jobId: job.id }, "job bookkeeping failed"))
      .finally(() => active.delete(p));
    active.add(p);
    return true;
  }

  function schedule(delay: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      tick()
        .then((claimed) => schedule(claimed ? 0 : opts.pollMs))
        .catch((e: unknown) => {
          log.warn({ err: e }, "job poll failed");
          schedule(opts.pollMs * 5);
        });
    }, delay);
    timer.unref();
  }

  return {
    owner: r.owner,
    start() {
      if (!stopped) return;
      stopped = false;
      log.info({ owner: r.owner, kinds: [...r.handlers.keys()] }, "job runner started");
      schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await Promise.allSettled([...active]);
    },
    tick,
    running: () => active.size,
    nudge: (jobId) => r.local.get(jobId)?.(),
  };
}
