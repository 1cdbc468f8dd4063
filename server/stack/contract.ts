import { z } from "zod";

/** The clusters a service rolls up into in the health view (the platform's, plus "other" for hand-configured odds and ends). */
export const CLUSTERS = [
  "kafka",
  "spark-streaming",
  "spark-batch",
  "storage",
  "catalog",
  "monitoring",
  "other",
] as const;
export const Cluster = z.enum(CLUSTERS);
export type Cluster = z.infer<typeof Cluster>;

export const TemplateMeta = z.object({
  title: z.string(),
  description: z.string(),
  services: z
    .record(
      z.string(),
      z.object({
        /** Where the health roll-up counts it. */
        cluster: Cluster.optional(),
        oneShot: z.boolean().optional(),
        /** How the health monitor checks the service once its container runs: a TCP connect, an HTTP GET, or a service-aware probe. */
        probe: z
          .object({
            kind: z.enum([
              "tcp",
              "http",
              "spark",
              "s3",
              "moto",
              "iceberg",
              "clickhouse",
              "prometheus",
              "pushgateway",
              "grafana",
              "openmetadata",
            ]),
            host: z.string().default("127.0.0.1"),
            port: z.number().int().min(1).max(65535),
            path: z.string().optional(),
          })
          .optional(),
      }),
    )
    .default({}),
  postStart: z.array(z.object({ service: z.string(), description: z.string() })).default([]),
});
export type TemplateMeta = z.infer<typeof TemplateMeta>;

export const StackNameParams = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "a template name: lower-case letters, digits, - and _"),
});

export const Problem = z.object({ path: z.string(), line: z.number().nullable(), message: z.string() });

/** Problems grouped by cause (a missing variable once, however many services use it), with how to fix each. */
export const ProblemCause = z.object({
  variable: z.string().nullable(),
  message: z.string(),
  fix: z.string().nullable(),
  services: z.array(z.string()),
  occurrences: z.array(z.object({ path: z.string(), line: z.number().nullable() })),
});

/**
 * One status model for every view; see service-status.ts. `completed` is a one-shot service that
 * exited 0: done, not running.
 */
export const ServiceRunStatus = z.enum([
  "running",
  "starting",
  "unhealthy",
  "completed",
  "failed",
  "stopped",
  "absent",
]);
export type ServiceRunStatus = z.infer<typeof ServiceRunStatus>;

export const StackCounts = z.object({
  total: z.number().int(),
  running: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
  starting: z.number().int(),
  unhealthy: z.number().int(),
  stopped: z.number().int(),
  absent: z.number().int(),
});
export type StackCounts = z.infer<typeof StackCounts>;

export const ServiceStatus = z.object({
  service: z.string(),
  container: z.string().nullable(),
  /** Docker's container state, or "absent" without a container. */
  state: z.string(),
  status: ServiceRunStatus,
  /** Its label in every view: "running · healthy", "completed", "failed · exit 1", "not created". */
  statusText: z.string(),
  /** Runs once and exits (template.json `oneShot`, or others wait for it to complete). */
  oneShot: z.boolean(),
  health: z.enum(["healthy", "unhealthy", "starting"]).nullable(),
  exitCode: z.number().nullable(),
  startedAt: z.string().nullable(),
  ports: z.array(z.string()),
  cluster: z.string().nullable(),
  dependsOn: z.array(z.string()),
  /** Swarm only: desired replicas (null for a global service) and how many tasks run. */
  replicas: z.object({ desired: z.number().int().nullable(), running: z.number().int() }).optional(),
  /** Swarm only: the current task of each slot (or node, for a global service). */
  tasks: z
    .array(
      z.object({
        id: z.string(),
        slot: z.number().int().nullable(),
        node: z.string().nullable(),
        state: z.string(),
        desiredState: z.string(),
        message: z.string(),
        image: z.string(),
        updatedAt: z.string(),
      }),
    )
    .optional(),
});
export type ServiceStatus = z.infer<typeof ServiceStatus>;

/** What a Swarm deploy cannot honour (error: it refuses) or changes (warning), per service. */
export const DriverCheck = z.object({
  service: z.string(),
  path: z.string(),
  severity: z.enum(["error", "warning"]),
  message: z.string(),
});

export const StackSummary = z.object({
  name: z.string(),
  /** The driver the stack runs under now (found from the engine), or null when nothing of it runs. */
  driver: z.enum(["compose", "swarm"]).nullable(),
  /** What the swarm driver would not honour in this template, per service. */
  swarmChecks: z.array(DriverCheck),
  /** What the compose driver would not honour (configs and secrets: external ones; uid, gid, mode of a bind mount). */
  composeChecks: z.array(DriverCheck),
  title: z.string(),
  description: z.string(),
  services: z.array(ServiceStatus),
  counts: StackCounts,
  /** The counts in words, e.g. "11 running · 1 completed · 0 failed of 12". */
  countsText: z.string(),
  /** The stack operation queued or running now, if any: Start and Stop wait for it. */
  activeOperation: z.object({ id: z.string(), kind: z.string(), state: z.string() }).nullable(),
  levels: z.array(z.array(z.string())),
  problems: z.array(Problem),
  causes: z.array(ProblemCause),
  /** Services of inactive profiles (COMPOSE_PROFILES), not part of this stack now. */
  inactive: z.array(z.string()),
  engine: z.enum(["available", "unavailable"]),
  engineError: z.string().nullable(),
});
export type StackSummary = z.infer<typeof StackSummary>;
export const StackList = z.object({ stacks: z.array(StackSummary) });
export type StackList = z.infer<typeof StackList>;

export const StackUpQuery = z.object({
  wait: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  timeoutSeconds: z.coerce.number().int().min(1).max(1800).default(600),
});

/** `up` also picks the driver: `compose` (default) or `swarm`. */
export const StackDeployQuery = StackUpQuery.extend({ driver: z.enum(["compose", "swarm"]).default("compose") });

/** `volumes=true` deletes data: the caller repeats the stack's name in `confirm` (the UI after a typed confirmation). */
export const StackDownQuery = StackUpQuery.extend({
  volumes: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  confirm: z.string().max(100).optional(),
});

export const ServiceActionParams = StackNameParams.extend({
  service: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, "a service name"),
  action: z.enum(["start", "stop", "restart"]),
});

export const LogsQuery = z.object({
  /** Services to read, comma-separated; all when absent. */
  services: z
    .string()
    .max(2000)
    .optional()
    .transform((s) =>
      s
        ? s
            .split(",")
            .map((x) => x.trim())
            .filter(Boolean)
        : [],
    ),
  tail: z.coerce.number().int().min(0).max(10_000).default(200),
  follow: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
});

export const ValidateBody = z.object({
  yaml: z
    .string()
    .min(1)
    .max(1024 * 1024),
  dotenv: z
    .string()
    .max(64 * 1024)
    .optional(),
  /** The template whose folder `file:` paths of configs and secrets are relative to: they are then looked for. */
  template: StackNameParams.shape.name.optional(),
});
export const ValidateResult = z.object({
  valid: z.boolean(),
  problems: z.array(Problem),
  causes: z.array(ProblemCause),
  services: z.array(z.string()),
  levels: z.array(z.array(z.string())),
  inactive: z.array(z.string()),
  /** False when the Docker engine did not answer, so images could not be looked for. */
  imagesChecked: z.boolean(),
  /** What the swarm driver would not honour, per service (errors stop a swarm deploy). */
  swarm: z.array(DriverCheck),
  /** What the compose driver would not honour (configs and secrets: external ones; uid, gid, mode of a bind mount). */
  compose: z.array(DriverCheck),
});

// The words and colours every view shows for a stack and its services (the API classifies in service-status.ts).

/** Every service is where "up" means for it: running (healthy where it has a healthcheck) or, for a one-shot, completed. */
export function isStackUp(c: StackCounts): boolean {
  return c.total > 0 && c.running + c.completed === c.total;
}

/** Whether anything runs that a stop would stop. */
export function hasRunning(c: StackCounts): boolean {
  return c.running + c.starting + c.unhealthy > 0;
}

/**
 * The counts in words, e.g. "11 running · 1 completed · 0 failed of 12". Zero completed is left out unless
 * something completed; states nobody expects (starting, unhealthy, stopped, not created) only when present.
 */
export function describeCounts(c: StackCounts): string {
  if (c.absent === c.total) return `0 running of ${c.total}`;
  const parts = [`${c.running} running`];
  if (c.completed) parts.push(`${c.completed} completed`);
  parts.push(`${c.failed} failed`);
  if (c.starting) parts.push(`${c.starting} starting`);
  if (c.unhealthy) parts.push(`${c.unhealthy} unhealthy`);
  if (c.stopped) parts.push(`${c.stopped} stopped`);
  if (c.absent) parts.push(`${c.absent} not created`);
  return `${parts.join(" · ")} of ${c.total}`;
}

/** How a view should colour the stack as a whole. */
export function stackTone(c: StackCounts): "green" | "amber" | "red" | "neutral" {
  if (c.failed || c.unhealthy) return "red";
  if (isStackUp(c)) return "green";
  return c.absent === c.total ? "neutral" : "amber";
}

/** The colour of one service's status, the same in the table and the graph. */
export const STATUS_TONE: Record<ServiceRunStatus, "green" | "amber" | "red" | "neutral"> = {
  running: "green",
  completed: "green",
  starting: "amber",
  unhealthy: "red",
  failed: "red",
  stopped: "neutral",
  absent: "neutral",
};

/** "2 problems", "1 problem": the number of causes, which is what a person has to fix. */
export function describeCauses(causes: readonly unknown[]): string {
  return `${causes.length} ${causes.length === 1 ? "problem" : "problems"}`;
}
