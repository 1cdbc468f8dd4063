import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { defineJobHandler } from "./types.ts";

const Checkpoint = z.object({ step: z.number().int().min(0) });

/**
 * A diagnostic job that works in checkpointed steps: it lets an admin (and the test suite) check that
 * the runner resumes, retries and cancels as it should, on this installation's database.
 */
export const diagnosticsSleep = defineJobHandler({
  kind: "diagnostics.sleep",
  submitRole: "admin",
  payload: z.object({
    steps: z.number().int().min(1).max(10_000).default(10),
    stepMs: z.number().int().min(0).max(60_000).default(500),
    /** Fail this many attempts before succeeding, to exercise retries. */
    failAttempts: z.number().int().min(0).max(10).default(0),
  }),
  async run({ payload, checkpoint, signal, progress, saveCheckpoint, attempt }) {
    const saved = Checkpoint.safeParse(checkpoint);
    const resumedFrom = saved.success ? saved.data.step : 0;
    if (attempt <= payload.failAttempts) throw new Error(`planned failure on attempt ${attempt}`);
    for (let step = resumedFrom; step < payload.steps; step++) {
      await sleep(payload.stepMs, undefined, { signal });
      await saveCheckpoint({ step: step + 1 });
      await progress({ done: step + 1, total: payload.steps, message: `step ${step + 1} of ${payload.steps}` });
    }
    return { steps: payload.steps, resumedFrom, attempt };
  },
});
