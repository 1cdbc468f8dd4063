import { z } from "zod";
import { defineOperation } from "../http/operation.ts";
import { Job } from "../jobs/contract.ts";
import { StackList, StackNameParams, StackSummary, StackUpQuery } from "./contract.ts";

const StackOperationResult = z.object({ job: Job, stack: StackSummary });

export const stackOps = {
  list: defineOperation({
    method: "GET", path: "/api/v1/stacks", tag: "stacks", role: "viewer", response: StackList,
    summary: "Templates with their checks and each service's container state",
  }),
  get: defineOperation({
    method: "GET", path: "/api/v1/stacks/{name}", tag: "stacks", role: "viewer", params: StackNameParams, response: StackSummary,
    summary: "One template: problems (with file lines), start levels, container states",
  }),
  up: defineOperation({
    method: "POST", path: "/api/v1/stacks/{name}/up", tag: "stacks", role: "operator", params: StackNameParams, query: StackUpQuery,
    response: StackOperationResult, status: 202, audit: "stack.up",
    summary: "Start a stack (durable job)",
    description: "Queues `stack.up`. With `wait=true`, answers when every service is up (healthy where it has a healthcheck) or with 502 `operation-failed` and the per-service state when one failed.",
  }),
  down: defineOperation({
    method: "POST", path: "/api/v1/stacks/{name}/down", tag: "stacks", role: "operator", params: StackNameParams,
    query: StackUpQuery.extend({ volumes: z.enum(["true", "false"]).default("false").transform((v) => v === "true") }),
    response: StackOperationResult, status: 202, audit: "stack.down",
    summary: "Stop and remove a stack's containers (durable job)", description: "Stops dependents first. `volumes=true` also removes the stack's volumes and networks.",
  }),
};
