// The stack driver interface: how a template is brought up, down and looked at on one target. `compose` runs it as a
// Compose project on the Docker engine; `swarm` as a Swarm stack (services, tasks) on the engine's swarm.
import "server-only";
import { z } from "zod";
import type { ContainerEngine, ContainerState } from "../adapters/docker/index.ts";
import type { StackEvent } from "./apply-stack.ts";
import type { ServiceStatus } from "./contract.ts";
import type { DependsOnCondition } from "./plan-levels.ts";
import type { ServiceAction } from "./service-ops.ts";
import type { Template } from "./templates.ts";

export const StackDriverName = z.enum(["compose", "swarm"]);
export type StackDriverName = z.infer<typeof StackDriverName>;

/** What a driver says about one service: its container's state in the one status model's terms, and (swarm) its tasks. */
export type ServiceFacts = Pick<ServiceStatus, "container" | "state" | "health" | "exitCode" | "startedAt" | "ports"> &
  Partial<Pick<ServiceStatus, "replicas" | "tasks">>;

export type ApplyResult = { started: string[]; unchanged: string[]; recreated: string[] };

export type StackDriver = {
  name: StackDriverName;
  /** Whether any part of the template runs (or exists) under this driver. */
  isDeployed(engine: ContainerEngine, t: Template): Promise<boolean>;
  up(opts: {
    engine: ContainerEngine;
    template: Template;
    signal?: AbortSignal;
    onEvent?: (e: StackEvent) => void;
    settle: Record<string, DependsOnCondition>;
  }): Promise<ApplyResult>;
  down(opts: {
    engine: ContainerEngine;
    template: Template;
    volumes: boolean;
    onEvent?: (e: StackEvent) => void;
  }): Promise<{ stopped: string[]; removed: string[]; volumesRemoved: string[] }>;
  serviceAction(opts: {
    engine: ContainerEngine;
    template: Template;
    service: string;
    action: ServiceAction;
    signal?: AbortSignal;
    onEvent?: (e: StackEvent) => void;
  }): Promise<ApplyResult & { service: string; action: ServiceAction }>;
  /** Each service's facts by service name; services without any are absent. */
  facts(engine: ContainerEngine, t: Template): Promise<Map<string, ServiceFacts>>;
  /** The containers of the services asked (all when none), for logs and stats: several per service with replicas. */
  containers(engine: ContainerEngine, t: Template): Promise<{ service: string; c: ContainerState }[]>;
};
