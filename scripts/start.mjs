#!/usr/bin/env node
// `npm start`: builds when no build exists or the sources are newer than it, then serves with scripts/serve.mjs
// on HOST:PORT (default 127.0.0.1:3000). The server itself validates the rest of the configuration.
import { spawnSync, spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const next = join(root, "node_modules", ".bin", "next");

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".") || entry.name === "generated") continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const buildId = join(root, ".next", "BUILD_ID");
const sources = [
  "app",
  "components",
  "server",
  "prisma",
  "instrumentation.ts",
  "instrumentation-client.ts",
  "proxy.ts",
  "next.config.js",
  "package.json",
]
  .map((p) => join(root, p))
  .filter(existsSync)
  .map((p) => (statSync(p).isDirectory() ? newestMtime(p) : statSync(p).mtimeMs));
const stale = !existsSync(buildId) || Math.max(...sources) > statSync(buildId).mtimeMs;
if (stale) {
  console.log(
    existsSync(buildId)
      ? "Sources changed since the last build: rebuilding…"
      : "No build yet: building (about a minute)…",
  );
  const r = spawnSync(next, ["build"], { cwd: root, env, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const port = process.env.PORT || "3000";
const host = process.env.HOST || "127.0.0.1";
if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
  console.error(`Invalid configuration:\n  - PORT: must be a number from 1 to 65535 (got "${port}")`);
  process.exit(78);
}
// A larger young generation: fewer scavenges under a stream of small requests (bench/RESULTS.md, lineage-ingest).
const child = spawn(process.execPath, ["--max-semi-space-size=64", join(root, "scripts", "serve.mjs")], {
  cwd: root,
  env: { ...env, PORT: port, HOST: host },
  stdio: "inherit",
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
