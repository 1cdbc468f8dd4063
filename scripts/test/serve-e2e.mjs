#!/usr/bin/env node
// Serves the built app for Playwright on a fresh PGlite data directory (or DATABASE_URL when set).
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const dataDir = join(root, ".test-env", "e2e-data");
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });
const port = process.env.E2E_PORT ?? "3955";
const child = spawn(join(root, "node_modules", ".bin", "next"), ["start", "-p", port, "-H", "127.0.0.1"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NEXUS_DATA_DIR: dataDir, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn", NEXUS_JOB_POLL_MS: "200" },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
