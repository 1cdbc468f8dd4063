import { defineOperation } from "../define-operation.ts";
import { IdParams } from "../auth/contract.ts";
import { Job, JobList, JobListQuery, SubmitJobBody } from "./contract.ts";

export const jobOps = {
  list: defineOperation({
    method: "GET",
    path: "/api/v1/jobs",
    tag: "jobs",
    role: "viewer",
    scope: "jobs:read",
    query: JobListQuery,
    response: JobList,
    summary: "Background jobs, newest first",
  }),
  get: defineOperation({
    method: "GET",
    path: "/api/v1/jobs/{id}",
    tag: "jobs",
    role: "viewer",
    scope: "jobs:read",
    params: IdParams,
    response: Job,
    summary: "One job with its progress",
  }),
  submit: defineOperation({
    method: "POST",
    path: "/api/v1/jobs",
    tag: "jobs",
    role: "operator",
    scope: "jobs:write",
    body: SubmitJobBody,
    response: Job,
    status: 202,
    audit: "job.submit",
    summary: "Queue a maintenance or diagnostic job",
    description:
      "Kinds: diagnostics.sleep, maintenance.cleanup (admin). Capabilities queue their own jobs. " +
      "maintenance.cleanup's `auditRetentionDays` cannot be shorter than NEXUS_AUDIT_RETENTION_DAYS (400).",
  }),
  cancel: defineOperation({
    method: "POST",
    path: "/api/v1/jobs/{id}/cancel",
    tag: "jobs",
    role: "operator",
    scope: "jobs:write",
    params: IdParams,
    response: Job,
    audit: "job.cancel",
    summary: "Cancel a job",
    description:
      "System jobs (maintenance.cleanup, and any job the server queued itself) need the admin role: 403 for operators.",
    errors: { 409: "The job has already finished" },
  }),
  events: defineOperation({
    method: "GET",
    path: "/api/v1/jobs/{id}/events",
    tag: "jobs",
    role: "viewer",
    scope: "jobs:read",
    params: IdParams,
    responseType: "text/event-stream",
    events: { job: Job },
    summary: "Live job progress (Server-Sent Events)",
    description: "Sends `event: job` with the job whenever it changes, and closes when it finishes.",
  }),
};
