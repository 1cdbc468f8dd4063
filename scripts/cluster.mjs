// @ts-check
// NEXUS_INSTANCES=N (N > 1): scripts/serve.mjs becomes a supervisor that forks N workers (node:cluster) sharing its
// port; each worker is a whole control plane (its own runtime, Prisma pool and cluster connection: server/adapters/
// db/cluster.ts) on the one PostgreSQL they share. The supervisor restarts a worker that dies, and stops them all
// on SIGINT/SIGTERM. PGlite is one process's database: N > 1 without DATABASE_URL is refused here, before any
// worker starts, with the same words as server/config.ts.
import cluster from "node:cluster";

export const PGLITE_SINGLE_INSTANCE =
  "PGlite is single-instance: NEXUS_INSTANCES above 1 needs DATABASE_URL (a PostgreSQL every instance shares)";

/**
 * NEXUS_INSTANCES from the environment: 1 when unset; exits with 78 (configuration error) when it is not 1–64 or
 * asks for more than one instance on PGlite.
 * @param {Record<string, string | undefined>} env
 */
export function instancesFromEnv(env) {
  const raw = env.NEXUS_INSTANCES || "1";
  const n = Number(raw);
  const problem = !/^\d+$/.test(raw) || n < 1 || n > 64 ? `must be a number from 1 to 64 (got "${raw}")` : null;
  const pglite = !problem && n > 1 && !env.DATABASE_URL ? PGLITE_SINGLE_INSTANCE : null;
  if (problem || pglite) {
    console.error(`Invalid configuration:\n  - NEXUS_INSTANCES: ${problem ?? pglite}`);
    process.exit(78);
  }
  return n;
}

/** Whether this process serves requests (a worker, or the only process); false in the supervisor. */
export function servesRequests(/** @type {number} */ instances) {
  return instances === 1 || !cluster.isPrimary;
}

/**
 * The supervisor: N workers, each restarted 1 s after it dies (not when it exits with 78: its configuration is
 * wrong and would be wrong again), all stopped with the signal the supervisor gets.
 * @param {number} instances
 */
export function superviseWorkers(instances) {
  let stopping = false;
  for (let i = 0; i < instances; i++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    if (code === 78) {
      console.error("A worker refused its configuration; stopping.");
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.kill("SIGTERM");
      process.exit(78);
    }
    console.error(`Worker ${worker.process.pid} died (${signal ?? `exit ${code}`}); starting another.`);
    setTimeout(() => cluster.fork(), 1000);
  });
  for (const [sig, code] of /** @type {const} */ ([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ]))
    process.on(sig, () => {
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.kill(sig);
      setTimeout(() => process.exit(code), 5000).unref();
    });
  console.log(`Nexus Control Plane: ${instances} instances (node:cluster) on one port`);
}
