import "server-only";
import type { Logger } from "pino";
import {
  applyMigrations,
  createDb,
  createInProcessBus,
  createPostgresBus,
  createMemoryRateLimits,
  createPostgresRateLimits,
  type ClusterBus,
  type DbHandle,
} from "./adapters/db/index.ts";
import { createContainerEngine, createContainerExec, type ContainerEngine } from "./adapters/docker/index.ts";
import { createObjectStore, S3Store } from "./adapters/s3/index.ts";
import { createBackupJob, createRestoreJob, createScheduleJob, type BackupDeps } from "./backup/index.ts";
import { connectPrincipalCache, createLoginLimiter, ensureAdmin, type LoginLimiter } from "./auth/index.ts";
import { getConfig, type Config } from "./config.ts";
import { createJobRunner, diagnosticsSleep, enqueueJob, type JobHandler, type JobRunner } from "./jobs/index.ts";
import { createReplayJob } from "./dlq/index.ts";
import { createStackJobs } from "./stack/index.ts";
import { createMaintenanceJob } from "./system/index.ts";
import { getLogger } from "./log.ts";
import { createTransactionalWriter, KafkaGateway } from "./adapters/kafka/index.ts";
import { latestScoresByLayer } from "./lineage/index.ts";
import { getMetrics } from "./metrics.ts";
import { createProxyTrust, type ProxyTrust } from "./net-address.ts";
import { createOidcClient, type OidcClient } from "./adapters/oidc/index.ts";
import { createClusteredMonitor, createHealthMonitor, type HealthMonitor } from "./health/index.ts";
import { createCatalogSource, type CatalogSource } from "./catalog/index.ts";

/** The cluster message a runner sends after a job's row changed; job event streams on every instance wake on it. */
export const JOB_CHANGED_TOPIC = "jobs.changed";

/** Everything built once per process at start and handed to use cases. */
export type Runtime = {
  config: Config;
  log: Logger;
  db: DbHandle;
  /** The other instances on the same PostgreSQL: messages (LISTEN/NOTIFY) and the leader; in-process on PGlite. */
  bus: ClusterBus;
  loginLimiter: LoginLimiter;
  /** NEXUS_TRUSTED_PROXIES: whose X-Forwarded-For and X-Forwarded-Proto count. */
  proxyTrust: ProxyTrust;
  runner: JobRunner;
  /** Every kind of job this process runs, for submitting and cancelling them as well. */
  jobHandlers: readonly JobHandler[];
  /** The Docker engine the stacks run on; calls fail fast with DependencyUnavailableError when it is absent. */
  engine: ContainerEngine;
  /** Reads DLQ topics (and anything else the app reads from Kafka); bounded calls, typed errors. */
  kafka: KafkaGateway;
  /** The bucket of S3 dead letters (NEXUS_S3_DLQ_BUCKET); null when none is configured. */
  s3: S3Store | null;
  /** Probes the platform's services on a schedule, keeps their history and evaluates the alert rules. */
  health: HealthMonitor;
  /** The Iceberg REST catalog the catalog views ask (NEXUS_ICEBERG_URL, else a stack's or a probe's). */
  catalog: CatalogSource;
  /** The OpenID Connect provider (NEXUS_OIDC_ISSUER), or null when sign-in is by password only. */
  oidc: OidcClient | null;
  /** Backups and restores: the database, the S3 server, Docker exec and NEXUS_BACKUP_DIR. */
  backup: BackupDeps;
  startedAt: Date;
  migrationsApplied: string[];
};

/**
 * The job handlers, each from the capability that owns its work, handed the runtime's adapters and configuration.
 * A replay opens Kafka clients of its own, named after it, with a longer deadline than the app's reads.
 */
export function createJobHandlers(deps: {
  config: Config;
  engine: ContainerEngine;
  backup: BackupDeps;
  s3: S3Store | null;
}): JobHandler[] {
  const { config } = deps;
  const replayTimeoutMs = Math.max(config.kafka.timeoutMs, 10_000);
  const handlers = [
    diagnosticsSleep,
    createMaintenanceJob({ auditRetentionDays: config.auditRetentionDays }),
    ...createStackJobs({ engine: deps.engine }),
    createReplayJob({
      scope: config.dlqScope,
      s3: deps.s3,
      openGateway: (clientId) =>
        new KafkaGateway({ brokers: config.kafka.brokers, timeoutMs: replayTimeoutMs, clientId }),
      openWriter: (transactionalId) => createTransactionalWriter({ brokers: config.kafka.brokers, transactionalId }),
    }),
    createBackupJob(deps.backup),
    createRestoreJob(deps.backup),
    createScheduleJob(deps.backup),
  ];
  return handlers as unknown as JobHandler[];
}

const KEY = Symbol.for("nexus.runtime");
type Holder = { [KEY]?: Promise<Runtime> };

/**
 * The process runtime, booted on first use (instrumentation.ts boots it at start). Next.js bundles
 * instrumentation and each route separately, so the singleton lives on globalThis.
 */
export function getRuntime(): Promise<Runtime> {
  const g = globalThis as Holder;
  g[KEY] ??= boot().catch((e: unknown) => {
    delete g[KEY]; // let a later request retry, e.g. after PostgreSQL comes back
    throw e;
  });
  return g[KEY];
}

/** The cluster bus: PostgreSQL LISTEN/NOTIFY and the leader lock, or in-process on PGlite (one instance). */
function openBus(config: Config, db: DbHandle, log: Logger): Promise<ClusterBus> {
  if (db.kind === "pglite" || !config.databaseUrl) return Promise.resolve(createInProcessBus());
  return createPostgresBus({ url: config.databaseUrl, db: db.prisma, log, leaseMs: config.cluster.leaseMs });
}

/** Sign-in attempt counters: in PostgreSQL, shared by the instances on it, or in memory on PGlite (one instance). */
async function openLoginLimiter(config: Config, db: DbHandle, log: Logger): Promise<LoginLimiter> {
  const url = db.kind === "postgresql" ? config.databaseUrl : undefined;
  const store = url ? await createPostgresRateLimits({ url, log }) : createMemoryRateLimits();
  log.info({ counters: store.kind }, "sign-in limits ready");
  return createLoginLimiter(config.login, store);
}

async function boot(): Promise<Runtime> {
  const config = getConfig();
  const log = getLogger();
  const db = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const migrationsApplied = await applyMigrations(db);
  if (migrationsApplied.length) log.info({ migrations: migrationsApplied }, "database migrations applied");
  log.info({ database: db.kind, dataDir: db.kind === "pglite" ? config.dataDir : undefined }, "database ready");

  const admin = await ensureAdmin(db.prisma, config.adminPassword);
  if (admin.generatedPassword) {
    // Printed once, on the first start only; it is never stored in clear.
    process.stdout.write(
      `\n  Nexus Control Plane: created user "admin" with generated password:\n\n      ${admin.generatedPassword}\n\n  Sign in and change it, or set NEXUS_ADMIN_PASSWORD before the first start.\n\n`,
    );
  } else if (admin.created) log.info("created user admin from NEXUS_ADMIN_PASSWORD");

  const metrics = getMetrics();
  const bus = await openBus(config, db, log);
  const loginLimiter = await openLoginLimiter(config, db, log);
  connectPrincipalCache(bus);
  metrics.clusterLeader.set(bus.isLeader() ? 1 : 0);
  bus.onLeaderChange((leader) => metrics.clusterLeader.set(leader ? 1 : 0));
  metrics.setQualitySource(() => latestScoresByLayer(db.prisma));
  const engine = createContainerEngine({ socketPath: config.dockerSocket });
  const backup: BackupDeps = {
    db,
    engine,
    exec: createContainerExec({ socketPath: config.dockerSocket }),
    store: createObjectStore(config.s3),
    backupDir: config.backupDir,
  };
  const s3 = config.s3Dlq ? new S3Store(config.s3Dlq) : null;
  const jobHandlers = createJobHandlers({ config, engine, backup, s3 });
  const runner = createJobRunner({
    db: db.prisma,
    log,
    handlers: jobHandlers,
    leaseMs: config.jobs.leaseMs,
    pollMs: config.jobs.pollMs,
    changed: (id) => void bus.publish(JOB_CHANGED_TOPIC, id).catch(() => undefined),
  });
  if (config.jobs.enabled) {
    runner.start();
    await enqueueJob(db.prisma, {
      kind: "maintenance.cleanup",
      dedupe: true,
      payload: {
        auditRetentionDays: config.auditRetentionDays,
        lineageRetentionDays: config.lineageRetentionDays,
        healthRetentionDays: config.health.retentionDays,
      },
    });
    await enqueueJob(db.prisma, { kind: "backup.schedule", dedupe: true, payload: {} });
  }
  const kafka = new KafkaGateway({ brokers: config.kafka.brokers, timeoutMs: config.kafka.timeoutMs });
  const inner = createHealthMonitor({
    db: db.prisma,
    log,
    kafka,
    engine,
    intervalMs: config.health.intervalMs,
    timeoutMs: config.health.timeoutMs,
    probes: config.health.probes,
    dlqTopicPattern: config.dlqTopicPattern,
    alertWebhookUrl: config.health.alertWebhookUrl,
    prometheusUrl: config.health.prometheusUrl,
    qualityByLayer: () => latestScoresByLayer(db.prisma),
    mayRun: () => bus.isLeader(),
  });
  const health = createClusteredMonitor({
    inner,
    bus,
    db: db.prisma,
    log,
    waitMs: config.health.timeoutMs * 2 + 3000,
  });
  metrics.setHealthSource(() => health.peek());
  health.start();
  return {
    config,
    log,
    db,
    bus,
    loginLimiter,
    proxyTrust: createProxyTrust(config.trustedProxies),
    runner,
    jobHandlers,
    engine,
    kafka,
    s3,
    health,
    catalog: createCatalogSource(config.catalog, () => health.peek()?.services ?? []),
    oidc: config.oidc ? createOidcClient(config.oidc) : null,
    backup,
    startedAt: new Date(),
    migrationsApplied,
  };
}
