import "server-only";
import { z } from "zod";
import { allowedHosts, invalidHostEntries } from "./allowed-hosts.mjs";
import { isAddressOrCidr } from "./net-address.ts";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** A URL that is https, or http to this machine only (a test issuer): an ID token over plain HTTP is anyone's. */
const issuerUrl = z.url().refine((u) => {
  const { protocol, hostname } = new URL(u);
  return protocol === "https:" || (protocol === "http:" && /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(hostname));
}, "an https:// URL (http:// only to localhost)");

/** `value=role` pairs, comma-separated: `nexus-admins=admin,data-eng=operator`. */
export function parseRoleMap(s: string): Record<string, "viewer" | "operator" | "admin"> | string {
  const map: Record<string, "viewer" | "operator" | "admin"> = {};
  for (const pair of s
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = pair.lastIndexOf("=");
    const value = pair.slice(0, at).trim();
    const role = pair.slice(at + 1).trim();
    if (at < 1 || !value || (role !== "viewer" && role !== "operator" && role !== "admin"))
      return `"${pair}" is not value=viewer|operator|admin`;
    map[value] = role;
  }
  return map;
}

/** OpenID Connect sign-in (server/auth/oidc-sign-in.ts); off unless NEXUS_OIDC_ISSUER is set. */
const OidcEnv = {
  NEXUS_OIDC_ISSUER: issuerUrl.optional(),
  NEXUS_OIDC_CLIENT_ID: z.string().min(1).max(500).optional(),
  NEXUS_OIDC_CLIENT_SECRET: z.string().min(1).max(2000).optional(),
  NEXUS_OIDC_SCOPES: z.string().default("openid profile email"),
  NEXUS_OIDC_ROLE_CLAIM: z.string().min(1).max(200).default("groups"),
  NEXUS_OIDC_ROLE_MAP: z
    .string()
    .default("")
    .transform((s, ctx) => {
      const m = parseRoleMap(s);
      if (typeof m === "string") ctx.addIssue({ code: "custom", message: m });
      return typeof m === "string" ? {} : m;
    }),
  NEXUS_OIDC_NAME: z.string().min(1).max(60).default("single sign-on"),
  NEXUS_OIDC_REDIRECT_URI: z.url().optional(),
  NEXUS_OIDC_TIMEOUT_MS: int(500, 60_000).default(5000),
  NEXUS_LOCAL_LOGIN: bool.default(true),
  NEXUS_BREAK_GLASS_USER: z.string().min(1).max(64).default("admin"),
};

/** Every environment variable the server reads. README's configuration table mirrors this list. */
export const EnvSchema = z.object({
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: int(1, 65535).default(3000),
  NEXUS_DATA_DIR: z.string().min(1).default(".nexus"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, "must be a postgres:// or postgresql:// URL")
    .optional(),
  /** Worker processes of scripts/serve.mjs on one port (node:cluster); more than 1 needs DATABASE_URL. */
  NEXUS_INSTANCES: int(1, 64).default(1),
  /** The cluster leader's lease: a dead or hung leader loses leadership within it (server/adapters/db/cluster.ts). */
  NEXUS_LEADER_LEASE_MS: int(1000, 600_000).default(10_000),
  NEXUS_ADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters").max(200).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  NEXUS_SESSION_TTL_HOURS: int(1, 24 * 30).default(12),
  // Unset: Secure (and the __Host- prefix) unless the request is plain HTTP to localhost; see server/http/cookies.ts.
  NEXUS_SECURE_COOKIES: bool.optional(),
  NEXUS_TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().refine(isAddressOrCidr, "IP addresses or CIDR blocks, comma-separated"))),
  NEXUS_STREAM_RECHECK_MS: int(100, 30_000).default(30_000),
  NEXUS_TRUSTED_ORIGINS: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url())),
  NEXUS_BODY_LIMIT_BYTES: int(1024, 100 * 1024 * 1024).default(1024 * 1024),
  NEXUS_METRICS_PUBLIC: bool.default(false),
  NEXUS_ALLOWED_HOSTS: z
    .string()
    .default("")
    .refine((s) => invalidHostEntries(s).length === 0, {
      error: (i) => `host[:port] names, comma-separated; not: ${invalidHostEntries(String(i.input)).join(", ")}`,
    }),
  NEXUS_LOGIN_MAX_FAILURES: int(1, 1000).default(5),
  NEXUS_LOGIN_WINDOW_SECONDS: int(1, 86400).default(900),
  NEXUS_JOBS_ENABLED: bool.default(true),
  NEXUS_JOB_LEASE_MS: int(1000, 3_600_000).default(30_000),
  NEXUS_JOB_POLL_MS: int(50, 60_000).default(1000),
  NEXUS_AUDIT_RETENTION_DAYS: int(1, 3650).default(90),
  NEXUS_LINEAGE_RETENTION_DAYS: int(1, 3650).default(30),
  NEXUS_DOCKER_SOCKET: z.string().min(1).default("/var/run/docker.sock"),
  NEXUS_TEMPLATES_DIR: z.string().min(1).default("compose-templates"),
  NEXUS_KAFKA_BROKERS: z
    .string()
    .default("127.0.0.1:29092,127.0.0.1:29093,127.0.0.1:29094")
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, "host:port")).min(1)),
  NEXUS_KAFKA_TIMEOUT_MS: int(500, 60_000).default(4000),
  NEXUS_DLQ_TOPIC_PATTERN: z
    .string()
    .default("^(dlq|DLQ)([._-].*)?$|[._-](dlq|DLQ|dlt|DLT)$")
    .refine((s) => {
      try {
        new RegExp(s);
        return true;
      } catch {
        return false;
      }
    }, "a JavaScript regular expression"),
  NEXUS_REPLAY_TARGET_PATTERN: z
    .string()
    .refine((s) => {
      try {
        new RegExp(s);
        return true;
      } catch {
        return false;
      }
    }, "a JavaScript regular expression")
    .optional(),
  NEXUS_DLQ_PAYLOAD_ROLE: z.enum(["viewer", "operator", "admin"]).default("viewer"),
  NEXUS_DLQ_EXPORT_MAX_BYTES: int(1024, 64 * 1024 * 1024 * 1024).default(256 * 1024 * 1024),
  /** The S3 server of the S3 dead letters and of S3 backups (MinIO in the stacks); unset: AWS for dead letters, S3 backups answer 503. */
  NEXUS_S3_ENDPOINT: z.url().optional(),
  NEXUS_S3_REGION: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, "an AWS region name")
    .default("us-east-1"),
  NEXUS_S3_ACCESS_KEY_ID: z.string().max(256).optional(),
  NEXUS_S3_SECRET_ACCESS_KEY: z.string().max(256).optional(),
  NEXUS_S3_DLQ_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name")
    .optional(),
  NEXUS_S3_FORCE_PATH_STYLE: bool.default(true),
  NEXUS_S3_TIMEOUT_MS: int(500, 600_000).default(5000),
  NEXUS_PROBE_INTERVAL_MS: int(0, 3_600_000).default(10_000),
  NEXUS_PROBE_TIMEOUT_MS: int(100, 60_000).default(3000),
  NEXUS_PROBES: z.string().default(""),
  NEXUS_HEALTH_RETENTION_DAYS: int(1, 3650).default(7),
  NEXUS_PROMETHEUS_URL: z.url().optional(),
  NEXUS_ALERT_WEBHOOK_URL: z.url().optional(),
  NEXUS_ICEBERG_URL: z.url({ protocol: /^https?$/ }).optional(),
  NEXUS_ICEBERG_WAREHOUSE: z.string().max(1024).optional(),
  NEXUS_ICEBERG_PREFIX: z.string().max(1024).optional(),
  NEXUS_ICEBERG_TOKEN: z.string().max(8192).optional(),
  NEXUS_ICEBERG_TIMEOUT_MS: int(100, 120_000).default(5000),
  ...OidcEnv,
  /** Backups: files (database dumps) go here; docs/backup.md. Default: <NEXUS_DATA_DIR>/backups. */
  NEXUS_BACKUP_DIR: z.string().min(1).optional(),
});

export type Config = ReturnType<typeof toConfig>;

/** PGlite is one process's embedded database: several instances need PostgreSQL. */
export const PGLITE_SINGLE_INSTANCE =
  "PGlite is single-instance: NEXUS_INSTANCES above 1 needs DATABASE_URL (a PostgreSQL every instance shares)";

function checkInstances(env: z.infer<typeof EnvSchema>, ctx: z.RefinementCtx): void {
  if (env.NEXUS_INSTANCES > 1 && !env.DATABASE_URL)
    ctx.addIssue({ code: "custom", path: ["NEXUS_INSTANCES"], message: PGLITE_SINGLE_INSTANCE });
}

/** An issuer needs a client id and at least one mapped value: otherwise nobody could sign in through it. */
function checkOidc(env: z.infer<typeof EnvSchema>, ctx: z.RefinementCtx): void {
  if (!env.NEXUS_OIDC_ISSUER) return;
  if (!env.NEXUS_OIDC_CLIENT_ID)
    ctx.addIssue({ code: "custom", path: ["NEXUS_OIDC_CLIENT_ID"], message: "required with NEXUS_OIDC_ISSUER" });
  if (Object.keys(env.NEXUS_OIDC_ROLE_MAP).length === 0)
    ctx.addIssue({
      code: "custom",
      path: ["NEXUS_OIDC_ROLE_MAP"],
      message: "required with NEXUS_OIDC_ISSUER: value=role pairs, e.g. nexus-admins=admin,data-eng=operator",
    });
  if (!env.NEXUS_OIDC_SCOPES.split(/\s+/).includes("openid"))
    ctx.addIssue({ code: "custom", path: ["NEXUS_OIDC_SCOPES"], message: "must include openid" });
}

function toOidcConfig(env: z.infer<typeof EnvSchema>) {
  if (!env.NEXUS_OIDC_ISSUER || !env.NEXUS_OIDC_CLIENT_ID) return null;
  return {
    issuer: env.NEXUS_OIDC_ISSUER,
    clientId: env.NEXUS_OIDC_CLIENT_ID,
    clientSecret: env.NEXUS_OIDC_CLIENT_SECRET,
    scopes: env.NEXUS_OIDC_SCOPES.split(/\s+/).filter(Boolean).join(" "),
    roleClaim: env.NEXUS_OIDC_ROLE_CLAIM,
    roleMap: env.NEXUS_OIDC_ROLE_MAP,
    name: env.NEXUS_OIDC_NAME,
    redirectUri: env.NEXUS_OIDC_REDIRECT_URI,
    timeoutMs: env.NEXUS_OIDC_TIMEOUT_MS,
  };
}
export type OidcConfig = NonNullable<ReturnType<typeof toOidcConfig>>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

function toConfig(env: z.infer<typeof EnvSchema>) {
  return {
    host: env.HOST,
    port: env.PORT,
    dataDir: env.NEXUS_DATA_DIR,
    databaseUrl: env.DATABASE_URL,
    adminPassword: env.NEXUS_ADMIN_PASSWORD,
    /** Several control-plane instances (docs/scale-out.md): the worker count and the leader's lease. */
    cluster: { instances: env.NEXUS_INSTANCES, leaseMs: env.NEXUS_LEADER_LEASE_MS },
    logLevel: env.LOG_LEVEL,
    sessionTtlMs: env.NEXUS_SESSION_TTL_HOURS * 3_600_000,
    secureCookies: env.NEXUS_SECURE_COOKIES,
    trustedProxies: env.NEXUS_TRUSTED_PROXIES,
    streamRecheckMs: env.NEXUS_STREAM_RECHECK_MS,
    trustedOrigins: env.NEXUS_TRUSTED_ORIGINS,
    bodyLimitBytes: env.NEXUS_BODY_LIMIT_BYTES,
    metricsPublic: env.NEXUS_METRICS_PUBLIC,
    allowedHosts: allowedHosts({ list: env.NEXUS_ALLOWED_HOSTS, host: env.HOST, port: env.PORT }),
    login: { maxFailures: env.NEXUS_LOGIN_MAX_FAILURES, windowSeconds: env.NEXUS_LOGIN_WINDOW_SECONDS },
    oidc: toOidcConfig(env),
    /** NEXUS_LOCAL_LOGIN=false: passwords only for the break-glass admin. */
    passwordLogin: { enabled: env.NEXUS_LOCAL_LOGIN, breakGlassUser: env.NEXUS_BREAK_GLASS_USER },
    jobs: { enabled: env.NEXUS_JOBS_ENABLED, leaseMs: env.NEXUS_JOB_LEASE_MS, pollMs: env.NEXUS_JOB_POLL_MS },
    auditRetentionDays: env.NEXUS_AUDIT_RETENTION_DAYS,
    lineageRetentionDays: env.NEXUS_LINEAGE_RETENTION_DAYS,
    dockerSocket: env.NEXUS_DOCKER_SOCKET,
    /** The folder of stack templates (one folder with compose.yaml per template), relative to the working directory. */
    templatesDir: env.NEXUS_TEMPLATES_DIR,
    kafka: { brokers: env.NEXUS_KAFKA_BROKERS, timeoutMs: env.NEXUS_KAFKA_TIMEOUT_MS },
    dlqTopicPattern: env.NEXUS_DLQ_TOPIC_PATTERN,
    /** Which topics are dead-letter topics and where replays may write (server/dlq/replay-targets.ts). */
    dlqScope: {
      dlqTopicPattern: env.NEXUS_DLQ_TOPIC_PATTERN,
      replayTargetPattern: env.NEXUS_REPLAY_TARGET_PATTERN ?? null,
    },
    dlqPayloadRole: env.NEXUS_DLQ_PAYLOAD_ROLE,
    dlqExportMaxBytes: env.NEXUS_DLQ_EXPORT_MAX_BYTES,
    /** S3 dead letters (docs/dlq-s3.md); null when no bucket is set. */
    s3Dlq: env.NEXUS_S3_DLQ_BUCKET
      ? {
          endpoint: env.NEXUS_S3_ENDPOINT ?? null,
          region: env.NEXUS_S3_REGION,
          credentials:
            env.NEXUS_S3_ACCESS_KEY_ID && env.NEXUS_S3_SECRET_ACCESS_KEY
              ? { accessKeyId: env.NEXUS_S3_ACCESS_KEY_ID, secretAccessKey: env.NEXUS_S3_SECRET_ACCESS_KEY }
              : null,
          bucket: env.NEXUS_S3_DLQ_BUCKET,
          forcePathStyle: env.NEXUS_S3_FORCE_PATH_STYLE,
          timeoutMs: env.NEXUS_S3_TIMEOUT_MS,
        }
      : null,
    health: {
      intervalMs: env.NEXUS_PROBE_INTERVAL_MS,
      timeoutMs: env.NEXUS_PROBE_TIMEOUT_MS,
      probes: env.NEXUS_PROBES,
      retentionDays: env.NEXUS_HEALTH_RETENTION_DAYS,
      prometheusUrl: env.NEXUS_PROMETHEUS_URL,
      alertWebhookUrl: env.NEXUS_ALERT_WEBHOOK_URL,
    },
    /** The Iceberg REST catalog (server/catalog); without a URL, the one of a running stack or of NEXUS_PROBES. */
    catalog: {
      url: env.NEXUS_ICEBERG_URL,
      warehouse: env.NEXUS_ICEBERG_WAREHOUSE,
      prefix: env.NEXUS_ICEBERG_PREFIX,
      token: env.NEXUS_ICEBERG_TOKEN,
      timeoutMs: env.NEXUS_ICEBERG_TIMEOUT_MS,
    },
    backupDir: env.NEXUS_BACKUP_DIR ?? `${env.NEXUS_DATA_DIR}/backups`,
    s3: {
      endpoint: env.NEXUS_S3_ENDPOINT,
      region: env.NEXUS_S3_REGION,
      accessKeyId: env.NEXUS_S3_ACCESS_KEY_ID || undefined,
      secretAccessKey: env.NEXUS_S3_SECRET_ACCESS_KEY || undefined,
      timeoutMs: env.NEXUS_S3_TIMEOUT_MS,
    },
  };
}

/** Parses the environment; throws ConfigError naming every bad variable. Empty strings count as unset. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = EnvSchema.superRefine(checkOidc).superRefine(checkInstances).safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".") || "(env)"}: ${i.message}`));
  }
  return toConfig(parsed.data);
}

const KEY = Symbol.for("nexus.config");
type Holder = { [KEY]?: Config };

/** The process-wide configuration, parsed once. */
export function getConfig(): Config {
  const g = globalThis as Holder;
  return (g[KEY] ??= parseConfig(process.env));
}
