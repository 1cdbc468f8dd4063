import { z } from "zod";

export const TemplateMeta = z.object({
  title: z.string(),
  description: z.string(),
  services: z.record(z.string(), z.object({
    cluster: z.string().optional(),
    oneShot: z.boolean().optional(),
    /** How the health monitor checks the service once its container runs: a TCP connect, an HTTP GET, or a service-aware probe. */
    probe: z.object({
      kind: z.enum(["tcp", "http", "spark", "s3", "iceberg", "clickhouse", "prometheus", "pushgateway", "grafana", "openmetadata"]),
      host: z.string().default("127.0.0.1"), port: z.number().int().min(1).max(65535), path: z.string().optional(),
    }).optional(),
  })).default({}),
  postStart: z.array(z.object({ service: z.string(), description: z.string() })).default([]),
});
export type TemplateMeta = z.infer<typeof TemplateMeta>;

export const StackNameParams = z.object({ name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "a template name: lower-case letters, digits, - and _") });

export const Problem = z.object({ path: z.string(), line: z.number().nullable(), message: z.string() });

export const ServiceStatus = z.object({
  service: z.string(),
  container: z.string().nullable(),
  state: z.string(),
  health: z.enum(["healthy", "unhealthy", "starting"]).nullable(),
  exitCode: z.number().nullable(),
});
export type ServiceStatus = z.infer<typeof ServiceStatus>;

export const StackSummary = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  services: z.array(ServiceStatus),
  levels: z.array(z.array(z.string())),
  problems: z.array(Problem),
  engine: z.enum(["available", "unavailable"]),
  engineError: z.string().nullable(),
});
export type StackSummary = z.infer<typeof StackSummary>;
export const StackList = z.object({ stacks: z.array(StackSummary) });
export type StackList = z.infer<typeof StackList>;

export const StackUpQuery = z.object({
  wait: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  timeoutSeconds: z.coerce.number().int().min(1).max(1800).default(600),
});
