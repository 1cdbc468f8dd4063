import { expect, test } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, waitReady } from "../fixtures/server";

test.describe("start-up", () => {
  test.skip(Boolean(process.env.E2E_PG_URL), "start-up checks run once, on the embedded database");
  test("an invalid environment value stops start-up with a message naming the variable", async () => {
    const server = startServer({ port: 3962, env: { NEXUS_JOB_LEASE_MS: "soon", NEXUS_METRICS_PUBLIC: "perhaps" } });
    const code = await Promise.race([
      server.exited,
      new Promise<string>((r) => setTimeout(() => r("still running"), 30_000)),
    ]);
    if (code === "still running") server.proc.kill("SIGKILL");
    expect(code).toBe(78);
    expect(server.output()).toContain("NEXUS_JOB_LEASE_MS");
    expect(server.output()).toContain("NEXUS_METRICS_PUBLIC");
  });

  test("the first start prints a generated admin password once, and it works", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "nexus-first-"));
    const env = { NEXUS_ADMIN_PASSWORD: "" };
    let server = startServer({ port: 3963, dataDir, env });
    try {
      await waitReady(server.url);
      const m = /generated password:\s+([a-z2-7]+)/.exec(server.output());
      expect(m).not.toBeNull();
      const ok = await fetch(`${server.url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "admin", password: m![1] }),
      });
      expect(ok.status).toBe(200);
    } finally {
      server.proc.kill("SIGTERM");
      await server.exited;
    }
    server = startServer({ port: 3963, dataDir, env });
    try {
      await waitReady(server.url);
      expect(server.output()).not.toContain("generated password");
    } finally {
      server.proc.kill("SIGTERM");
      await server.exited;
    }
  });

  test("a second server on the same PGlite directory refuses to start", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "nexus-lock-"));
    const first = startServer({ port: 3964, dataDir });
    try {
      await waitReady(first.url);
      const second = startServer({ port: 3965, dataDir });
      const code = await Promise.race([
        second.exited,
        new Promise<string>((r) => setTimeout(() => r("still running"), 30_000)),
      ]);
      if (code === "still running") second.proc.kill("SIGKILL");
      expect(code).toBe(1);
      expect(second.output()).toMatch(/in use by process \d+/);
    } finally {
      first.proc.kill("SIGTERM");
      await first.exited;
    }
  });
});
