import "server-only";
import type { Logger } from "pino";
import type { z } from "zod";
import type { Db } from "../adapters/db/index.ts";
import type { FieldProblem } from "../errors.ts";
import type { JobProgress } from "./contract.ts";

export type JobContext<P> = {
  jobId: string;
  attempt: number;
  payload: P;
  /** What the last attempt saved with saveCheckpoint, so work resumes instead of restarting. */
  checkpoint: unknown;
  /** Aborted when the job is cancelled or this runner loses its lease. */
  signal: AbortSignal;
  db: Db;
  log: Logger;
  progress(p: JobProgress): Promise<void>;
  saveCheckpoint(c: unknown): Promise<void>;
};

export type JobHandler<S extends z.ZodType = z.ZodType> = {
  kind: string;
  payload: S;
  /** May users submit it through POST /api/v1/jobs (with this role)? Others are enqueued by the app itself. */
  submitRole?: "operator" | "admin";
  /**
   * Who may cancel it through POST /api/v1/jobs/{id}/cancel: operator when absent. System jobs (maintenance) say admin;
   * a job the app queued itself (no createdBy) needs admin whatever its kind.
   */
  cancelRole?: "operator" | "admin";
  /** Checks a user's submission beyond `payload`, which the runner also applies to jobs already queued. */
  checkSubmission?(payload: z.infer<S>): FieldProblem[];
  maxAttempts?: number;
  run(ctx: JobContext<z.infer<S>>): Promise<unknown>;
};

export function defineJobHandler<S extends z.ZodType>(h: JobHandler<S>): JobHandler<S> {
  return h;
}

/** Thrown by a handler for a failure that retrying cannot fix. */
export class PermanentJobError extends Error {}
