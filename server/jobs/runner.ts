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
};

type Claimed = { id: string; kind: string; payload: unknown; checkpoint: unknown; attempts: number; maxAttempts: number };

class CancelledError extends Error {}
class LeaseLostError extends Error {}

/**
 * Leases jobs from the Job table with FOR UPDATE SKIP LOCKED, so any number of runners (processes)
 * can share one database. A job whose runner died is picked up again once its lease expires.
 */
export function createJobRunner(opts: RunnerOptions): JobRunner {
  const { db, log } = opts;
  const owner = opts.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const handlers = new Map(opts.handlers.map((h) => [h.kind, h]));
  const concurrency = opts.concurrency ?? 2;
  const active = new Set<Promise<void>>();
  /** Heartbeat triggers of the jobs running here, by id. */
  const local = new Map<string, () => void>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;

  async function claim(): Promise<Claimed | null> {
    const rows = await db.$queryRaw<Claimed[]>`
      UPDATE "Job" SET state = 'running', "leaseOwner" = ${owner},
        "leaseExpiresAt" = now() + make_interval(secs => ${opts.leaseMs / 1000}::float8),
        attempts = attempts + 1, "startedAt" = COALESCE("startedAt", now()), "updatedAt" = now()
      WHERE id = (
        SELECT id FROM "Job"
        WHERE kind IN (${Prisma.join([...handlers.keys()])})
          AND ((state = 'queued' AND "runAt" <= now()) OR (state = 'running' AND "leaseExpiresAt" < now()))
        ORDER BY "runAt" LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id, kind, payload, checkpoint, attempts, "maxAttempts"`;
    return rows[0] ?? null;
  }

  /** Renews the lease; reports cancellation or a lost lease. */
  async function heartbeat(id: string): Promise<"ok" | "cancel" | "lost"> {
    const rows = await db.$queryRaw<{ cancelRequested: boolean }[]>`
      UPDATE "Job" SET "leaseExpiresAt" = now() + make_interval(secs => ${opts.leaseMs / 1000}::float8)
      WHERE id = ${id} AND "leaseOwner" = ${owner} AND state = 'running' RETURNING "cancelRequested"`;
    if (!rows[0]) return "lost";
    return rows[0].cancelRequested ? "cancel" : "ok";
  }

  async function finish(id: string, data: Prisma.JobUpdateManyMutationInput): Promise<void> {
    await db.job.updateMany({ where: { id, leaseOwner: owner, state: "running" }, data: { ...data, leaseOwner: null, leaseExpiresAt: null } });
  }

  async function execute(job: Claimed): Promise<void> {
    const handler = handlers.get(job.kind)!;
    const jlog = log.child({ jobId: job.id, kind: job.kind, attempt: job.attempts });
    if (job.attempts > job.maxAttempts) {
      await finish(job.id, { state: "failed", finishedAt: new Date(), lastError: "the runner died during the last allowed attempt" });
      return;
    }
    const controller = new AbortController();
    const beatNow = () => {
      heartbeat(job.id)
        .then((s) => {
          if (s === "cancel") controller.abort(new CancelledError("cancelled by request"));
          if (s === "lost") controller.abort(new LeaseLostError("lease lost to another runner"));
        })
        .catch((e: unknown) => jlog.warn({ err: e }, "job heartbeat failed"));
    };
    const beat = setInterval(beatNow, Math.max(200, Math.floor(opts.leaseMs / 3)));
    local.set(job.id, beatNow);
    let lastProgressAt = 0;
    jlog.info("job started");
    try {
      const payload = handler.payload.safeParse(job.payload);
      if (!payload.success) throw new PermanentJobError(`invalid payload: ${payload.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      const result = await handler.run({
        jobId: job.id, attempt: job.attempts, payload: payload.data, checkpoint: job.checkpoint, signal: controller.signal, db, log: jlog,
        async progress(p: JobProgress) {
          const now = Date.now();
          if (now - lastProgressAt < 250 && p.total !== null && p.done < p.total) return; // at most 4 writes/s
          lastProgressAt = now;
          await db.job.updateMany({ where: { id: job.id, leaseOwner: owner }, data: { progress: p } });
        },
        async saveCheckpoint(c: unknown) {
          await db.job.updateMany({ where: { id: job.id, leaseOwner: owner }, data: { checkpoint: c as Prisma.InputJsonValue } });
        },
      });
      if (controller.signal.aborted) throw controller.signal.reason;
      await finish(job.id, { state: "succeeded", finishedAt: new Date(), result: (result ?? Prisma.JsonNull) as Prisma.InputJsonValue, lastError: null });
      jlog.info("job succeeded");
    } catch (e) {
      const reason = controller.signal.aborted ? controller.signal.reason : e;
      const message = reason instanceof Error ? reason.message : String(reason);
      if (reason instanceof LeaseLostError) {
        jlog.warn("job lease lost; another runner owns it now");
      } else if (reason instanceof CancelledError) {
        await finish(job.id, { state: "cancelled", finishedAt: new Date(), lastError: message });
        jlog.info("job cancelled");
      } else if (reason instanceof PermanentJobError || job.attempts >= job.maxAttempts) {
        await finish(job.id, { state: "failed", finishedAt: new Date(), lastError: message });
        jlog.error({ err: reason }, "job failed");
      } else {
        const delay = (opts.retryDelay ?? retryDelayMs)(job.attempts);
        await finish(job.id, { state: "queued", runAt: new Date(Date.now() + delay), lastError: message });
        jlog.warn({ err: reason, retryInMs: delay }, "job attempt failed; will retry");
      }
    } finally {
      clearInterval(beat);
      local.delete(job.id);
    }
  }

  async function tick(): Promise<boolean> {
    if (active.size >= concurrency || handlers.size === 0) return false;
    const job = await claim();
    if (!job) return false;
    const p = execute(job)
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
    owner,
    start() {
      if (!stopped) return;
      stopped = false;
      log.info({ owner, kinds: [...handlers.keys()] }, "job runner started");
      schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await Promise.allSettled([...active]);
    },
    tick,
    running: () => active.size,
    nudge: (jobId) => local.get(jobId)?.(),
  };
}
