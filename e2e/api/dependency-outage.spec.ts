import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startServer, waitReady, type ServerProcess } from "../fixtures/server";

/**
 * A server on its own throwaway PostgreSQL (scripts/test/postgres.sh) and without a Docker engine: the database is
 * stopped and started again under the running app. Never the suite's shared PostgreSQL.
 */
const PORT = Number(process.env.E2E_OUTAGE_PORT ?? 4072);
const PASSWORD = "outage-admin-password";
const script = join(process.cwd(), "scripts", "test", "postgres.sh");

type Pg = { dir: string; port: string; bin: string };

function bash(cmd: string, env: Record<string, string> = {}): string {
  return execFileSync("bash", ["-c", cmd], { env: { ...process.env, ...env }, encoding: "utf8", timeout: 60_000 });
}
function startPostgres(): Pg {
  const out = bash(
    `source "${script}" >/dev/null; pg_test_start >/dev/null || exit 1; echo "$PG_TEST_DIR $PG_TEST_PORT $PG_BIN"`,
  )
    .trim()
    .split(" ");
  return { dir: out[0]!, port: out[1]!, bin: out[2]! };
}
/** pg_ctl as the data directory's owner (pg_as_owner), same port and directory as pg_test_start. */
function pgCtl(pg: Pg, args: string): void {
  bash(`source "${script}"; pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_TEST_DIR/data" ${args} >/dev/null`, {
    PG_BIN: pg.bin,
    PG_TEST_DIR: pg.dir,
  });
}
const restartArgs = (pg: Pg) =>
  `-l "$PG_TEST_DIR/server.log" -w -t 30 -o "-p ${pg.port} -c listen_addresses=127.0.0.1 -k $PG_TEST_DIR -c fsync=off" start`;

test.describe("dependencies down under a running app", () => {
  test.skip(Boolean(process.env.E2E_PG_URL), "runs once, with its own PostgreSQL");
  test.describe.configure({ mode: "serial" });
  let pg: Pg;
  let server: ServerProcess;
  let token: string;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    pg = startPostgres();
    server = startServer({
      port: PORT,
      env: {
        DATABASE_URL: `postgresql://postgres@127.0.0.1:${pg.port}/postgres`,
        NEXUS_ADMIN_PASSWORD: PASSWORD,
        NEXUS_DOCKER_SOCKET: join(pg.dir, "no-docker.sock"),
        NEXUS_PROBE_INTERVAL_MS: "0",
      },
    });
    await waitReady(server.url, 120_000);
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: PASSWORD }),
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const made = await fetch(`${server.url}/api/v1/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken },
      body: JSON.stringify({ name: "outage", role: "admin", expiresInDays: 1 }),
    });
    token = ((await made.json()) as { token: string }).token;
  });

  test.afterAll(async () => {
    server?.proc.kill("SIGTERM");
    await server?.exited;
    if (pg) bash(`source "${script}"; PG_BIN="${pg.bin}" PG_TEST_DIR="${pg.dir}" pg_test_stop`);
  });

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { "content-type": "application/json" }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  const lineageEvent = () => ({
    eventType: "START",
    eventTime: "2026-11-30T12:00:00Z",
    producer: "https://example.com/outage",
    schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent",
    run: { runId: randomUUID() },
    job: { namespace: "outage", name: "outage_job" },
  });

  test("starting a stack without a Docker engine answers 503 at once and queues nothing", async () => {
    const t0 = Date.now();
    const res = await call("POST", "/api/v1/stacks/nexus-local/up?wait=true");
    expect(res.status).toBe(503);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(await res.json()).toMatchObject({ type: "/problems/dependency-unavailable", dependency: "docker" });
    const jobs = (await (await call("GET", "/api/v1/jobs")).json()) as { jobs: { kind: string }[] };
    expect(jobs.jobs.filter((j) => j.kind.startsWith("stack."))).toEqual([]);
  });

  test("with PostgreSQL stopped, reads, mutations, the ingest and readyz answer 503 database unavailable, then recover", async () => {
    test.setTimeout(120_000);
    pgCtl(pg, "-m fast stop");
    const checks: [string, () => Promise<Response>][] = [
      ["read", () => call("GET", "/api/v1/jobs")],
      [
        "mutation",
        () => call("POST", "/api/v1/jobs", { kind: "diagnostics.sleep", payload: { steps: 1, stepMs: 10 } }),
      ],
      ["ingest", () => call("POST", "/api/v1/lineage", lineageEvent())],
      ["readyz", () => fetch(`${server.url}/api/readyz`)],
    ];
    for (const [name, send] of checks) {
      const res = await send();
      const text = await res.text();
      expect(res.status, `${name}: ${text}`).toBe(503);
      expect(res.headers.get("content-type"), name).toBe("application/problem+json");
      expect(Number(res.headers.get("retry-after")), name).toBeGreaterThan(0);
      expect(JSON.parse(text), name).toMatchObject({
        type: "/problems/dependency-unavailable",
        dependency: "database",
      });
      expect(text, name).not.toMatch(/prisma|ECONNREFUSED|127\.0\.0\.1|terminated/i);
    }

    pgCtl(pg, restartArgs(pg));
    const until = Date.now() + 30_000;
    while ((await fetch(`${server.url}/api/readyz`)).status !== 200 && Date.now() < until) await sleep(250);
    expect((await fetch(`${server.url}/api/readyz`)).status).toBe(200);
    expect((await call("GET", "/api/v1/jobs")).status).toBe(200);
    expect(
      (await call("POST", "/api/v1/jobs", { kind: "diagnostics.sleep", payload: { steps: 1, stepMs: 10 } })).status,
    ).toBe(202);
    expect((await call("POST", "/api/v1/lineage", lineageEvent())).status).toBe(201);
  });
});
