import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Admin } from "@platformatic/kafka";
import { freshPostgresDatabase } from "../fixtures/databases";
import { startServer, waitReady, type ServerProcess } from "../fixtures/server";

const PORT = 3963;
const PASSWORD = "replay-test-password";
const bootstrap = process.env.KAFKA_BOOTSTRAP ?? "";
const broker = bootstrap.split(",")[0] ?? "";
const N = 10_000;

function kcat(args: string[], input?: string): string {
  return execFileSync("kcat", ["-b", broker, ...args], {
    input,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  });
}

async function login(url: string): Promise<{ cookie: string; csrf: string }> {
  const r = await fetch(`${url}/api/v1/auth/login`, {
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
}

type ReplayView = { id: string; state: string; sent: number; skipped: number; error: string | null };

test.describe("DLQ replay", () => {
  test.skip(!broker, "needs KAFKA_BOOTSTRAP (npm test starts the cluster)");

  test(`kill -9 of the app during a ${N.toLocaleString()}-message replay: after a restart every message is in the target exactly once`, async () => {
    test.setTimeout(240_000);
    const id = randomUUID().slice(0, 8);
    const dlq = `dlq_restart_${id}`;
    const target = `orders_restart_${id}`;
    const admin = new Admin({ clientId: "e2e-replay", bootstrapBrokers: bootstrap.split(",") });
    await admin.createTopics({ topics: [dlq, target], partitions: 3, replicas: 3 });
    await admin.close();
    // 10,000 Connect-style dead letters, written by kcat.
    const lines = Array.from({ length: N }, (_, i) => `k${i}\t{"n":${i}}`).join("\n") + "\n";
    kcat(
      [
        "-P",
        "-t",
        dlq,
        "-K",
        "\t",
        "-H",
        `__connect.errors.topic=${target}`,
        "-H",
        "__connect.errors.exception.class.name=DataException",
      ],
      lines,
    );

    const dataDir = mkdtempSync(join(tmpdir(), "nexus-replay-"));
    const databaseUrl = await freshPostgresDatabase("replay");
    const env = {
      NEXUS_ADMIN_PASSWORD: PASSWORD,
      NEXUS_JOB_LEASE_MS: "3000",
      NEXUS_JOB_POLL_MS: "200",
      NEXUS_KAFKA_BROKERS: bootstrap,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    };
    let server: ServerProcess = startServer({ port: PORT, dataDir, env });
    try {
      await waitReady(server.url);
      const s = await login(server.url);
      const submit = await fetch(`${server.url}/api/v1/dlq/replays`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: s.cookie, "x-csrf-token": s.csrf },
        body: JSON.stringify({ sourceTopic: dlq, filter: {}, ratePerSecond: 2500 }),
      });
      const created = (await submit.json()) as { replay: ReplayView };
      expect(submit.status, JSON.stringify(created)).toBe(202);
      const rid = created.replay.id;
      const get = async (url: string, cookie: string) =>
        (await (await fetch(`${url}/api/v1/dlq/replays/${rid}`, { headers: { cookie } })).json()) as ReplayView;

      let r = await get(server.url, s.cookie);
      for (let i = 0; i < 300 && r.sent < 2000; i++) {
        await sleep(50);
        r = await get(server.url, s.cookie);
      }
      expect(r.state).toBe("running");
      expect(r.sent).toBeLessThan(N);
      server.proc.kill("SIGKILL");
      await server.exited;

      server = startServer({ port: PORT, dataDir, env });
      await waitReady(server.url);
      const s2 = await login(server.url);
      for (let i = 0; i < 900; i++) {
        r = await get(server.url, s2.cookie);
        if (["succeeded", "failed", "cancelled"].includes(r.state)) break;
        await sleep(100);
      }
      expect(r, JSON.stringify(r)).toMatchObject({ state: "succeeded", sent: N, skipped: 0 });

      // Read the target with kcat (read_committed): every DLQ record exactly once, with provenance.
      const out = kcat([
        "-C",
        "-t",
        target,
        "-o",
        "beginning",
        "-e",
        "-q",
        "-X",
        "isolation.level=read_committed",
        "-f",
        "%k|%h\\n",
      ]);
      const rows = out.split("\n").filter(Boolean);
      expect(rows).toHaveLength(N);
      // One assertion over all rows: Playwright records every expect as a step, 30,000 of them take minutes.
      const bad = rows.filter((l) => !l.includes(`nexus-replay-id=${rid}`) || l.includes("__connect.errors"));
      expect(bad.slice(0, 3)).toEqual([]);
      const sources = new Set(
        rows.map(
          (l) =>
            `${/nexus-replay-source-partition=(\d+)/.exec(l)?.[1]}:${/nexus-replay-source-offset=(\d+)/.exec(l)?.[1]}`,
        ),
      );
      expect(sources.size).toBe(N);
      expect(new Set(rows.map((l) => l.slice(0, l.indexOf("|")))).size).toBe(N);

      const journal = (await (
        await fetch(`${server.url}/api/v1/dlq/replays/${rid}/journal?limit=1`, { headers: { cookie: s2.cookie } })
      ).json()) as { total: number };
      expect(journal.total).toBe(N);
    } catch (e) {
      await test.info().attach("server output", { body: server.output().slice(-20_000), contentType: "text/plain" });
      throw e;
    } finally {
      server.proc.kill("SIGTERM");
      await server.exited;
    }
  });
});
