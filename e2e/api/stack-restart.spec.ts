import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startServer, waitReady, type ServerProcess } from "../fixtures/server";

const PORT = 3963;
const PASSWORD = "stack-restart-password";

type Service = { service: string; container: string | null; state: string; health: string | null };
type Job = { id: string; kind: string; state: string; attempts: number };

/** What the engine says: container name → state, for the project. */
function dockerPs(): Record<string, string> {
  const out = execFileSync(
    "docker",
    ["ps", "-a", "--filter", "label=com.docker.compose.project=nexus-local", "--format", "{{.Names}} {{.State}}"],
    { timeout: 20_000 },
  )
    .toString()
    .trim();
  return Object.fromEntries(out ? out.split("\n").map((l) => l.split(" ") as [string, string]) : []);
}

test.describe("stack operations survive the app being killed", () => {
  test.skip(Boolean(process.env.E2E_PG_URL), "runs once, on the embedded database");

  test("kill -9 of the app during `up`; after a restart the operation finishes and the stack shown equals docker ps", async () => {
    test.setTimeout(300_000);
    const dataDir = mkdtempSync(join(tmpdir(), "nexus-stack-restart-"));
    const env = {
      NEXUS_ADMIN_PASSWORD: PASSWORD,
      NEXUS_JOB_LEASE_MS: "3000",
      NEXUS_JOB_POLL_MS: "200",
      NEXUS_PROBE_INTERVAL_MS: "0",
    };
    let server: ServerProcess = startServer({ port: PORT, dataDir, env });
    const headers = (cookie: string, csrf?: string) => ({
      cookie,
      ...(csrf ? { "x-csrf-token": csrf, "content-type": "application/json" } : {}),
    });
    const login = async () => {
      const r = await fetch(`${server.url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "admin", password: PASSWORD }),
      });
      expect(r.status).toBe(200);
      return {
        cookie: r.headers
          .getSetCookie()
          .map((c) => c.split(";")[0])
          .join("; "),
        csrf: ((await r.json()) as { csrfToken: string }).csrfToken,
      };
    };
    try {
      await waitReady(server.url);
      let s = await login();
      const up = await fetch(`${server.url}/api/v1/stacks/nexus-local/up`, {
        method: "POST",
        headers: headers(s.cookie, s.csrf),
      });
      expect(up.status).toBe(202);
      const { job } = (await up.json()) as { job: Job };

      // Kill the app once containers exist but before the stack is up.
      for (let i = 0; i < 200 && Object.keys(dockerPs()).length === 0; i++) await sleep(100);
      expect(Object.keys(dockerPs()).length).toBeGreaterThan(0);
      server.proc.kill("SIGKILL");
      await server.exited;
      expect(Object.keys(dockerPs())).not.toContain("nexus-local-kafka-init-1"); // it was killed mid-way

      server = startServer({ port: PORT, dataDir, env });
      await waitReady(server.url);
      s = await login();
      let j: Job = job;
      for (let i = 0; i < 900 && !["succeeded", "failed", "cancelled"].includes(j.state); i++) {
        await sleep(200);
        j = (await (await fetch(`${server.url}/api/v1/jobs/${job.id}`, { headers: headers(s.cookie) })).json()) as Job;
      }
      expect(j, JSON.stringify(j)).toMatchObject({ state: "succeeded", attempts: 2 });

      const stack = (await (
        await fetch(`${server.url}/api/v1/stacks/nexus-local`, { headers: headers(s.cookie) })
      ).json()) as { services: Service[] };
      const shown = Object.fromEntries(stack.services.filter((x) => x.container).map((x) => [x.container!, x.state]));
      expect(shown).toEqual(dockerPs()); // no container the app does not show, none shown that is not there
      expect(Object.keys(shown)).toHaveLength(13);
      expect(stack.services.filter((x) => x.service !== "kafka-init").map((x) => `${x.service} ${x.health}`)).toEqual(
        stack.services.filter((x) => x.service !== "kafka-init").map((x) => `${x.service} healthy`),
      );

      const down = await fetch(
        `${server.url}/api/v1/stacks/nexus-local/down?wait=true&volumes=true&confirm=nexus-local`,
        { method: "POST", headers: headers(s.cookie, s.csrf) },
      );
      expect(down.status).toBe(200);
      expect(dockerPs()).toEqual({});
    } finally {
      server.proc.kill("SIGKILL");
      await server.exited;
    }
  });
});
