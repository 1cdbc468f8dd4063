import pino from "pino";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { testDatabases } from "../../test/databases.ts";
import type { DbHandle } from "../adapters/db/index.ts";
import {
  cancelJob,
  createJobRunner,
  defineJobHandler,
  diagnosticsSleep,
  enqueueJob,
  getJob,
  type Job,
  type JobHandler,
  type JobRunner,
} from "./index.ts";

const log = pino({ level: "silent" });

async function waitFor(db: DbHandle, id: string, states: Job["state"][], timeoutMs = 20_000): Promise<Job> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(db.prisma, id);
    if (states.includes(job.state)) return job;
    if (Date.now() > until) throw new Error(`job ${id} still ${job.state} after ${timeoutMs} ms`);
    await sleep(50);
  }
}

describe.each(testDatabases())("job runner on $name", (tdb) => {
  let db: DbHandle;
  const runners: JobRunner[] = [];
  const runner = (
    handlers: readonly JobHandler[] = [diagnosticsSleep] as unknown as JobHandler[],
    extra: Partial<Parameters<typeof createJobRunner>[0]> = {},
  ) => {
    const r = createJobRunner({
      db: db.prisma,
      log,
      handlers,
      leaseMs: 1500,
      pollMs: 50,
      retryDelay: () => 100,
      ...extra,
    });
    runners.push(r);
    r.start();
    return r;
  };
  beforeEach(async () => {
    db = await tdb.open();
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
    await db.close();
  });

  it("runs a job to success and records progress and result", async () => {
    runner();
    const job = await enqueueJob(db.prisma, { kind: "diagnostics.sleep", payload: { steps: 3, stepMs: 10 } });
    const done = await waitFor(db, job.id, ["succeeded", "failed"]);
    expect(done.state).toBe("succeeded");
    expect(done.attempts).toBe(1);
    expect(done.progress).toMatchObject({ done: 3, total: 3 });
    expect(done.result).toEqual({ steps: 3, resumedFrom: 0, attempt: 1 });
  });

  it("retries a failed attempt with backoff and then succeeds", async () => {
    runner();
    const job = await enqueueJob(db.prisma, {
      kind: "diagnostics.sleep",
      payload: { steps: 1, stepMs: 0, failAttempts: 2 },
      maxAttempts: 3,
    });
    const done = await waitFor(db, job.id, ["succeeded", "failed"]);
    expect(done.state).toBe("succeeded");
    expect(done.attempts).toBe(3);
  });

  it("fails for good after maxAttempts and keeps the last error", async () => {
    runner();
    const job = await enqueueJob(db.prisma, {
      kind: "diagnostics.sleep",
      payload: { steps: 1, stepMs: 0, failAttempts: 5 },
      maxAttempts: 2,
    });
    const done = await waitFor(db, job.id, ["succeeded", "failed"]);
    expect(done.state).toBe("failed");
    expect(done.attempts).toBe(2);
    expect(done.lastError).toMatch(/planned failure on attempt 2/);
  });

  it("cancels a running job at its next heartbeat", async () => {
    runner();
    const job = await enqueueJob(db.prisma, { kind: "diagnostics.sleep", payload: { steps: 100, stepMs: 100 } });
    await waitFor(db, job.id, ["running"]);
    await cancelJob(db.prisma, job.id);
    const done = await waitFor(db, job.id, ["cancelled", "succeeded", "failed"], 5000);
    expect(done.state).toBe("cancelled");
    expect((done.progress?.done ?? 0) < 100).toBe(true);
  });

  it("cancels a queued job at once and refuses to cancel a finished one", async () => {
    const job = await enqueueJob(db.prisma, { kind: "diagnostics.sleep", payload: {} });
    expect((await cancelJob(db.prisma, job.id)).state).toBe("cancelled");
    await expect(cancelJob(db.prisma, job.id)).rejects.toThrow(/already cancelled/);
  });

  it("picks up a job whose runner died once its lease expires, resuming from the checkpoint", async () => {
    const job = await enqueueJob(db.prisma, { kind: "diagnostics.sleep", payload: { steps: 6, stepMs: 10 } });
    // What a runner killed mid-job leaves behind: running, leased to a dead owner, 4 steps checkpointed.
    await db.prisma.job.update({
      where: { id: job.id },
      data: {
        state: "running",
        attempts: 1,
        leaseOwner: "dead-host:1",
        leaseExpiresAt: new Date(Date.now() + 800),
        checkpoint: { step: 4 },
      },
    });
    runner();
    await sleep(400);
    expect((await getJob(db.prisma, job.id)).state).toBe("running"); // lease still valid: nobody steals it
    const done = await waitFor(db, job.id, ["succeeded", "failed"]);
    expect(done.state).toBe("succeeded");
    expect(done.attempts).toBe(2);
    expect(done.result).toEqual({ steps: 6, resumedFrom: 4, attempt: 2 });
  });

  it("never runs one job twice when several runners share the database", async () => {
    const runs = new Map<string, number>();
    const counting = defineJobHandler({
      kind: "test.count",
      payload: z.object({ n: z.number() }),
      async run({ jobId }) {
        runs.set(jobId, (runs.get(jobId) ?? 0) + 1);
        await sleep(20);
        return null;
      },
    }) as unknown as JobHandler;
    runner([counting], { owner: "a" });
    runner([counting], { owner: "b" });
    runner([counting], { owner: "c" });
    const jobs = await Promise.all(
      Array.from({ length: 12 }, (_, n) => enqueueJob(db.prisma, { kind: "test.count", payload: { n } })),
    );
    for (const j of jobs) expect((await waitFor(db, j.id, ["succeeded", "failed"])).state).toBe("succeeded");
    expect([...runs.values()].every((c) => c === 1)).toBe(true);
    expect(runs.size).toBe(12);
  });
});
