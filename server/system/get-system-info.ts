import "server-only";
import { readMigrations, type ClusterBus, type DbHandle } from "../adapters/db/index.ts";
import type { SystemInfo } from "./contract.ts";

export const APP_VERSION = process.env.npm_package_version ?? "0.1.0";

/** What the system view reads from the running server (the runtime has all of it). */
export type SystemSources = {
  db: DbHandle;
  config: { dataDir: string; jobs: { enabled: boolean }; cluster: { instances: number; leaseMs: number } };
  bus: ClusterBus;
  startedAt: Date;
  runner: { owner: string };
};

export async function getSystemInfo(rt: SystemSources): Promise<SystemInfo> {
  const db = rt.db.prisma;
  const now = new Date();
  const [users, activeTokens, auditEvents24h, jobGroups, leader] = await Promise.all([
    db.user.count(),
    db.apiToken.count({ where: { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } }),
    db.auditEvent.count({ where: { at: { gte: new Date(now.getTime() - 86_400_000) } } }),
    db.job.groupBy({ by: ["state"], _count: { _all: true } }),
    rt.bus.currentLeader(),
  ]);
  return {
    version: APP_VERSION,
    database: rt.db.kind,
    dataDir: rt.db.kind === "pglite" ? rt.config.dataDir : null,
    startedAt: rt.startedAt.toISOString(),
    migrations: readMigrations().map((m) => m.name),
    jobs: {
      runner: rt.runner.owner,
      enabled: rt.config.jobs.enabled,
      counts: Object.fromEntries(jobGroups.map((g) => [g.state, g._count._all])),
    },
    counts: { users, activeTokens, auditEvents24h },
    cluster: {
      instance: rt.bus.instanceId,
      leader: rt.bus.isLeader(),
      leaderInstance: leader?.instance ?? null,
      leaderSince: leader?.since?.toISOString() ?? null,
      listening: rt.bus.live(),
      workers: rt.config.cluster.instances,
      leaseMs: rt.config.cluster.leaseMs,
    },
  };
}
