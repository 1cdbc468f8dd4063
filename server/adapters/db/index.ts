// The database: Prisma on PGlite or PostgreSQL, migrations at start, the PGlite directory lock, outage detection.
import "server-only";
export { createDb, jsonLiteral, type Db, type DbHandle, type DatabaseKind, type SqlTx } from "./client.ts";
export { applyMigrations, pendingMigrations, readMigrations, MigrationError } from "./migrate.ts";
export { lockDataDir, DataDirLockedError } from "./dir-lock.ts";
export { DATABASE_RETRY_AFTER_SECONDS, databaseUnavailable, isDatabaseUnavailable } from "./unavailable.ts";
export { GroupCommit, perKey } from "./group-commit.ts";
export {
  createInProcessBus,
  createPostgresBus,
  defaultInstanceId,
  CLUSTER_CHANNEL,
  LEADER_LOCK_KEY,
  type ClusterBus,
  type ClusterLeader,
  type ClusterMessage,
} from "./cluster.ts";
export {
  createMemoryRateLimits,
  createPostgresRateLimits,
  RATE_LIMIT_TABLE,
  type RateLimitSpec,
  type RateLimitStore,
} from "./rate-limits.ts";
