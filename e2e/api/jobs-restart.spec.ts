import { expect, test } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freshPostgresDatabase } from "../fixtures/databases";
import { startServer, waitReady, type ServerProcess } from "../fixtures/server";

const PORT = 3961;
const PASSWORD = "restart-test-password";

async function login(url: string): Promise<{ cookie: string; csrf: string }> {
  const r = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: PASSWORD }),
  });
  expect(r.status).toBe(200);
  const cookie = r.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return { cookie, csrf: ((await r.json()) as { csrfToken: string }).csrfToken };
}

type JobView = {
  state: string;
  attempts: number;
  progress: { done: number } | null;
  result: { resumedFrom: number; attempt: number } | null;
};

test("a job survives kill -9 of the server and finishes after a restart, resuming from its checkpoint", async () => {
  test.setTimeout(120_000);
  const dataDir = mkdtempSync(join(tmpdir(), "nexus-restart-"));
  const databaseUrl = await freshPostgresDatabase("restart");
  const env = {
    NEXUS_ADMIN_PASSWORD: PASSWORD,
    NEXUS_JOB_LEASE_MS: "3000",
    NEXUS_JOB_POLL_MS: "200",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
  let server: ServerProcess = startServer({ port: PORT, dataDir, env });
  try {
    await waitReady(server.url);
    const s = await login(server.url);
    const submit = await fetch(`${server.url}/api/v1/jobs`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: s.cookie, "x-csrf-token": s.csrf },
      body: JSON.stringify({ kind: "diagnostics.sleep", payload: { steps: 16, stepMs: 250 } }),
    });
    expect(submit.status).toBe(202);
    const { id } = (await submit.json()) as { id: string };
    const get = async (url: string, cookie: string) =>
      (await (await fetch(`${url}/api/v1/jobs/${id}`, { headers: { cookie } })).json()) as JobView;

    // Let it get part-way, then kill the server without warning.
    let job = await get(server.url, s.cookie);
    for (let i = 0; i < 100 && (job.progress?.done ?? 0) < 4; i++) {
      await sleep(100);
      job = await get(server.url, s.cookie);
    }
    expect(job.state).toBe("running");
    const doneBeforeKill = job.progress!.done;
    expect(doneBeforeKill).toBeGreaterThanOrEqual(4);
    server.proc.kill("SIGKILL");
    await server.exited;

    server = startServer({ port: PORT, dataDir, env });
    await waitReady(server.url);
    const s2 = await login(server.url);
    for (let i = 0; i < 300; i++) {
      job = await get(server.url, s2.cookie);
      if (["succeeded", "failed", "cancelled"].includes(job.state)) break;
      await sleep(100);
    }
    expect(job.state).toBe("succeeded");
    expect(job.attempts).toBe(2);
    expect(job.result!.attempt).toBe(2);
    expect(job.result!.resumedFrom).toBeGreaterThanOrEqual(doneBeforeKill);
    expect(job.progress!.done).toBe(16);
  } finally {
    server.proc.kill("SIGKILL");
    await server.exited;
  }
});
