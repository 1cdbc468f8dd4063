import { z } from "zod";
import { defineOperation } from "../define-operation.ts";
import { Job } from "../jobs/contract.ts";
import {
  LogsQuery,
  ServiceActionParams,
  StackDeployQuery,
  StackDownQuery,
  StackList,
  StackNameParams,
  StackSummary,
  StackUpQuery,
  ValidateBody,
  ValidateResult,
} from "./contract.ts";
import { RollingUpdateBody, ScaleBody, ServiceNameParams } from "./swarm/contract.ts";

const StackOperationResult = z.object({ job: Job, stack: StackSummary });
const LogEvent = z.object({
  service: z.string(),
  stream: z.enum(["stdout", "stderr"]),
  at: z.string(),
  line: z.string(),
});
const StatsEvent = z.object({
  service: z.string(),
  cpuPercent: z.number(),
  memoryBytes: z.number(),
  memoryLimitBytes: z.number(),
});

export const stackOps = {
  list: defineOperation({
    method: "GET",
    path: "/api/v1/stacks",
    tag: "stacks",
    role: "viewer",
    scope: "stack:read",
    response: StackList,
    summary: "Templates with their checks and each service's container state",
  }),
  get: defineOperation({
    method: "GET",
    path: "/api/v1/stacks/{name}",
    tag: "stacks",
    role: "viewer",
    scope: "stack:read",
    params: StackNameParams,
    response: StackSummary,
    summary: "One template: problems (with file lines), start levels, container states",
  }),
  up: defineOperation({
    method: "POST",
    path: "/api/v1/stacks/{name}/up",
    tag: "stacks",
    role: "operator",
    scope: "stack:write",
    params: StackNameParams,
    query: StackDeployQuery,
    response: StackOperationResult,
    status: 202,
    audit: "stack.up",
    errors: {
      409: "The stack is busy with another operation, already runs under the other driver, or (swarm) the engine is not a swarm manager",
      502: "With wait=true: the operation failed; the problem carries the job and each service's state",
    },
    responses: { 200: { description: "With wait=true: the operation finished" } },
    summary: "Start a stack (durable job)",
    description:
      "Queues `stack.up` under `driver` (`compose`, the default: containers of a Compose project; `swarm`: services of a Swarm stack, " +
      "as `docker stack deploy` names and labels them, host networking or mode-host ports only). " +
      "With `wait=true`, answers when every service is up (healthy where it has a healthcheck) or with 502 `operation-failed` and the per-service state when one failed.",
  }),
  down: defineOperation({
    method: "POST",
    path: "/api/v1/stacks/{name}/down",
    tag: "stacks",
    role: "operator",
    scope: "stack:write",
    params: StackNameParams,
    query: StackDownQuery,
    response: StackOperationResult,
    status: 202,
    audit: "stack.down",
    errors: {
      409: "The stack is busy with another operation",
      502: "With wait=true: the operation failed; the problem carries the job and each service's state",
    },
    responses: { 200: { description: "With wait=true: the operation finished" } },
    summary: "Stop and remove a stack's containers (durable job)",
    description:
      "Stops dependents first. `volumes=true` also removes the stack's volumes and networks, which deletes their data: " +
      "it needs the admin role and `confirm=<stack name>` (403 without the role, 400 without the confirmation).",
  }),
  service: defineOperation({
    method: "POST",
    path: "/api/v1/stacks/{name}/services/{service}/{action}",
    tag: "stacks",
    role: "operator",
    scope: "stack:write",
    params: ServiceActionParams,
    query: StackUpQuery,
    response: StackOperationResult,
    status: 202,
    audit: "stack.service",
    errors: {
      409: "The stack is busy with another operation",
      502: "With wait=true: the operation failed; the problem carries the job and each service's state",
    },
    responses: { 200: { description: "With wait=true: the operation finished" } },
    summary: "Start (with its dependencies), stop or restart one service (durable job)",
    description:
      "With `wait=true`, answers when the service is up again (healthy where it has a healthcheck), or 502 with the per-service state.",
  }),
  scale: defineOperation({
    method: "POST",
    path: "/api/v1/stacks/{name}/services/{service}/scale",
    tag: "stacks",
    role: "operator",
    scope: "stack:write",
    params: ServiceNameParams,
    query: StackUpQuery,
    body: ScaleBody,
    response: StackOperationResult,
    status: 202,
    audit: "stack.scale",
    errors: {
      409: "The stack is busy, or does not run under the swarm driver",
      502: "With wait=true: the operation failed; the problem carries the job and each service's state",
    },
    responses: { 200: { description: "With wait=true: the operation finished" } },
    summary: "Scale one service of a swarm stack to `replicas` (durable job, progress per task)",
  }),
  update: defineOperation({
    method: "POST",
    path: "/api/v1/stacks/{name}/services/{service}/update",
    tag: "stacks",
    role: "operator",
    scope: "stack:write",
    params: ServiceNameParams,
    query: StackUpQuery,
    body: RollingUpdateBody,
    response: StackOperationResult,
    status: 202,
    audit: "stack.update",
    errors: {
      409: "The stack is busy, or does not run under the swarm driver",
      502: "With wait=true: the update failed, paused or rolled back; the problem carries the job and each service's state",
    },
    responses: { 200: { description: "With wait=true: the operation finished" } },
    summary:
      "Rolling update of one service of a swarm stack: a new image and/or environment (durable job, progress per task)",
    description:
      "The service's `deploy.update_config` decides parallelism, order and the failure action. Without `image` and `env`, every task is restarted with the same spec.",
  }),
  logs: defineOperation({
    method: "GET",
    path: "/api/v1/stacks/{name}/logs",
    tag: "stacks",
    role: "operator",
    scope: "stack:read",
    params: StackNameParams,
    query: LogsQuery,
    responseType: "text/event-stream",
    events: { log: LogEvent, end: z.object({ services: z.array(z.string()) }) },
    summary: "Logs of some or all services (Server-Sent Events)",
    description:
      "`event: log` with `{service, stream, at, line}`: the last `tail` lines of each service, then new ones while `follow=true`, merged. `services=a,b` picks services.",
  }),
  stats: defineOperation({
    method: "GET",
    path: "/api/v1/stacks/{name}/stats",
    tag: "stacks",
    role: "viewer",
    scope: "stack:read",
    params: StackNameParams,
    responseType: "text/event-stream",
    events: { stats: StatsEvent, end: z.object({}) },
    summary: "CPU and memory of every running service, from Docker's stats stream (Server-Sent Events)",
  }),
  validate: defineOperation({
    method: "POST",
    path: "/api/v1/stacks/validate",
    tag: "stacks",
    role: "operator",
    scope: "stack:write",
    body: ValidateBody,
    response: ValidateResult,
    audit: "stack.validate",
    summary:
      "Check a Compose file (YAML, interpolation, the Compose schema, depends_on, cycles, host ports) without running it",
    description:
      "Problems come back in the result (200, `valid: false`). Input refused as a whole is a 400: YAML aliases expanded more than " +
      "100 times, `${…}` nested deeper than 10 levels, an image reference outside the registry's grammar. With `template`, the files of " +
      "`configs:` and `secrets:` are looked for in that template's folder (missing, outside it, past Swarm's 500 KB; never read into the " +
      "answer); `swarm` and `compose` list per service what each driver does not honour.",
    errors: { 404: "With `template`: no installed template of that name" },
  }),
};
