import { z } from "zod";

export const JobState = z.enum(["queued", "running", "succeeded", "failed", "cancelled"]);
/** A job in one of these states changes no more: its event stream ends after it. */
export const isJobFinished = (job: { state: z.infer<typeof JobState> }): boolean =>
  job.state === "succeeded" || job.state === "failed" || job.state === "cancelled";
export type JobState = z.infer<typeof JobState>;

export const JobProgress = z.object({ done: z.number(), total: z.number().nullable(), message: z.string().nullable() });
export type JobProgress = z.infer<typeof JobProgress>;

export const Job = z.object({
  id: z.string(),
  kind: z.string(),
  state: JobState,
  payload: z.unknown(),
  progress: JobProgress.nullable(),
  result: z.unknown().nullable(),
  lastError: z.string().nullable(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  cancelRequested: z.boolean(),
  createdBy: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  runAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
});
export type Job = z.infer<typeof Job>;

export const JobListQuery = z.object({
  state: JobState.optional(),
  kind: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type JobListQuery = z.infer<typeof JobListQuery>;
export const JobList = z.object({ jobs: z.array(Job) });
export type JobList = z.infer<typeof JobList>;

export const SubmitJobBody = z
  .object({
    kind: z.string().min(1).max(100),
    payload: z.record(z.string(), z.unknown()).default({}),
    maxAttempts: z.number().int().min(1).max(20).optional(),
  })
  .strict();
export type SubmitJobBody = z.infer<typeof SubmitJobBody>;
