import "server-only";
import type { Db } from "../adapters/db/index.ts";
import type { ContainerEngine } from "../adapters/docker/index.ts";
import type { Principal } from "../auth/index.ts";
import { runStackOperation } from "./run-stack-operation.ts";
import { withDependencies, type ServiceAction } from "./service-ops.ts";
import { loadTemplate } from "./templates.ts";

/** Queues `stack.service` once the template and the service are known to exist (404 otherwise). */
export function runServiceOperation(opts: {
  db: Db;
  engine: ContainerEngine;
  template: string;
  service: string;
  action: ServiceAction;
  principal: Principal;
  wait: boolean;
  timeoutSeconds: number;
  kick: () => void;
}) {
  withDependencies(loadTemplate(opts.template).compose, opts.service);
  return runStackOperation({ ...opts, kind: "stack.service", payload: { service: opts.service, action: opts.action } });
}

/** Queues `stack.scale` or `stack.update` for a service of the template (404 for an unknown service; 409 unless swarm). */
export function runSwarmServiceOperation(opts: {
  db: Db;
  engine: ContainerEngine;
  kind: "stack.scale" | "stack.update";
  template: string;
  service: string;
  payload: Record<string, unknown>;
  principal: Principal;
  wait: boolean;
  timeoutSeconds: number;
  kick: () => void;
}) {
  withDependencies(loadTemplate(opts.template).compose, opts.service);
  return runStackOperation({ ...opts, payload: { service: opts.service, ...opts.payload } });
}
