#!/usr/bin/env node
// Serves the built app for Playwright on a fresh PGlite data directory (or DATABASE_URL when set).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const dataDir = join(root, ".test-env", "e2e-data");
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });
const port = process.env.E2E_PORT ?? "3955";
// With E2E_PG_URL (the suite's PostgreSQL), serve on a fresh database there instead of PGlite.
let databaseUrl;
if (process.env.E2E_PG_URL) {
  const name = `nexus_e2e_web_${Date.now()}`;
  const r = spawnSync("psql", [process.env.E2E_PG_URL, "-qc", `CREATE DATABASE ${name}`], { stdio: "inherit" });
  if (r.status !== 0) process.exit(1);
  const url = new URL(process.env.E2E_PG_URL);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
}
// The test environment's services (scripts/test-env), probed as a platform this app does not run.
const e = process.env;
const probes = [
  e.SPARK_STREAMING_UI && `spark-streaming=spark:${e.SPARK_STREAMING_UI}`,
  e.SPARK_BATCH_UI && `spark-batch=spark:${e.SPARK_BATCH_UI}`,
  e.S3_ENDPOINT && `s3=s3:${e.S3_ENDPOINT}`,
  e.CLICKHOUSE_URL && `clickhouse=clickhouse:${e.CLICKHOUSE_URL}`,
  e.PROMETHEUS_URL && `prometheus=prometheus:${e.PROMETHEUS_URL}`,
  e.PUSHGATEWAY_URL && `pushgateway=pushgateway:${e.PUSHGATEWAY_URL}`,
]
  .filter(Boolean)
  .join(" ");
// The test S3 server (moto) holds the S3 dead letters; the bucket exists from the start (moto takes unsigned requests).
const s3Bucket = e.NEXUS_E2E_S3_BUCKET ?? "nexus-e2e-dlq";
if (e.S3_ENDPOINT) await fetch(`${e.S3_ENDPOINT}/${s3Bucket}`, { method: "PUT" }).catch(() => undefined);
const child = spawn(process.execPath, [join(root, "scripts", "serve.mjs")], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    PORT: port,
    HOST: "127.0.0.1",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXUS_DATA_DIR: dataDir,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    NEXUS_JOB_POLL_MS: "200",
    // The test Kafka cluster (npm test starts it) stands in for the stack's brokers.
    ...(process.env.KAFKA_BOOTSTRAP ? { NEXUS_KAFKA_BROKERS: process.env.KAFKA_BOOTSTRAP } : {}),
    ...(e.S3_ENDPOINT
      ? {
          NEXUS_S3_ENDPOINT: e.S3_ENDPOINT,
          NEXUS_S3_DLQ_BUCKET: s3Bucket,
          NEXUS_S3_ACCESS_KEY_ID: "test",
          NEXUS_S3_SECRET_ACCESS_KEY: "test",
        }
      : {}),
    NEXUS_PROBES: probes,
    // The test Iceberg REST catalog (scripts/test-env/iceberg.sh) is the catalog the Catalog page reads.
    ...(e.ICEBERG_REST_URL && !e.NEXUS_ICEBERG_URL ? { NEXUS_ICEBERG_URL: e.ICEBERG_REST_URL } : {}),
    NEXUS_PROBE_INTERVAL_MS: "5000",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
