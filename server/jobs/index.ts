// Durable jobs: the queue, the leasing runner and the handler contract; handlers live where the work belongs.
import "server-only";
export * from "./contract.ts";
export { createJobRunner, type JobRunner } from "./runner.ts";
export { enqueueJob, getJob, listJobs, cancelJob, toJobView } from "./queue.ts";
export { submitJob } from "./submit-job.ts";
export { cancelJobAs } from "./cancel-job.ts";
export { defineJobHandler, PermanentJobError, type JobHandler, type JobContext } from "./types.ts";
export { retryDelayMs } from "./backoff.ts";
export { streamJobEvents } from "./stream-job-events.ts";
export { diagnosticsSleep } from "./diagnostics-sleep.ts";
