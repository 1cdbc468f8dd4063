import { z } from "zod";

export const Liveness = z.object({ status: z.literal("ok"), uptimeSeconds: z.number() });
/** `checks` (database error text, kind, pending migrations) only for a signed-in viewer or a token: anonymous callers learn ready or not. */
export const Readiness = z.object({
  status: z.enum(["ready", "not-ready"]),
  checks: z.optional(
    z.object({
      database: z.object({
        ok: z.boolean(),
        kind: z.enum(["pglite", "postgresql"]).nullable(),
        latencyMs: z.number().nullable(),
        error: z.string().nullable(),
      }),
      migrations: z.object({ ok: z.boolean(), pending: z.array(z.string()) }),
    }),
  ),
});
export type Readiness = z.infer<typeof Readiness>;

export const SystemInfo = z.object({
  version: z.string(),
  database: z.enum(["pglite", "postgresql"]),
  dataDir: z.string().nullable(),
  startedAt: z.iso.datetime(),
  migrations: z.array(z.string()),
  jobs: z.object({ runner: z.string(), enabled: z.boolean(), counts: z.record(z.string(), z.number()) }),
  counts: z.object({ users: z.number(), activeTokens: z.number(), auditEvents24h: z.number() }),
  /** Several instances on one PostgreSQL (docs/scale-out.md): who answered, and who leads (probes, alert rules). */
  cluster: z.object({
    instance: z.string(),
    leader: z.boolean(),
    leaderInstance: z.string().nullable(),
    /** Since when the leader holds the lead (null while nobody leads, or before it has recorded it). */
    leaderSince: z.iso.datetime().nullable(),
    /** Whether this instance hears the others' notifications now (always true on PGlite: it is alone). */
    listening: z.boolean(),
    /** NEXUS_INSTANCES: worker processes on this host's port. */
    workers: z.number(),
    leaseMs: z.number(),
  }),
});
export type SystemInfo = z.infer<typeof SystemInfo>;
