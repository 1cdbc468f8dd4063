import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_ADMIN_PASSWORD } from "../../playwright.config";
import { signedIn, withToken } from "../fixtures/api";
import { freshPostgresDatabase } from "../fixtures/databases";
import { startServer, waitReady, type ServerProcess } from "../fixtures/server";

// Two control-plane processes (A and B) on one throwaway PostgreSQL, as two hosts behind a load balancer would be;
// then NEXUS_INSTANCES=2 on one port, and PGlite refusing it. npm test runs this with playwright.instances.config.ts.
const [PORT_A, PORT_B, PORT_C] = (process.env.E2E_INSTANCE_PORTS ?? "3961,3962,3963").split(",").map(Number);
const LEASE_MS = 3000;

test.describe.configure({ mode: "serial" });

type Cluster = {
  instance: string;
  leader: boolean;
  leaderInstance: string | null;
  leaderSince: string | null;
  listening: boolean;
};
type StreamEvent = { event: string; data: Record<string, unknown> };

let databaseUrl: string;
let a: ServerProcess;
let b: ServerProcess;
let adminA: APIRequestContext;
let tokenB: APIRequestContext;
let bearer: string;

function start(port: number, env: Record<string, string> = {}): ServerProcess {
  return startServer({
    port,
    env: {
      DATABASE_URL: databaseUrl,
      NEXUS_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
      NEXUS_LEADER_LEASE_MS: String(LEASE_MS),
      NEXUS_PROBE_INTERVAL_MS: "1000",
      NEXUS_PROBE_TIMEOUT_MS: "500",
      NEXUS_PROBES: "",
      NEXUS_JOB_POLL_MS: "200",
      ...env,
    },
  });
}

async function cluster(ctx: APIRequestContext, url: string): Promise<Cluster> {
  const res = await ctx.get(`${url}/api/v1/system`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { cluster: Cluster }).cluster;
}

/** A Chromium page on `url`, signed in as the admin. */
async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/login`);
  const login = await page.request.post(`${url}/api/v1/auth/login`, {
    data: { username: "admin", password: E2E_ADMIN_PASSWORD },
  });
  expect(login.status()).toBe(200);
}

/** The signed-in page follows an SSE path with EventSource and keeps what arrives. */
async function follow(page: Page, path: string, events: string[]): Promise<void> {
  await page.evaluate(
    ({ path, events }) => {
      const w = window as unknown as { got: { event: string; data: unknown }[] };
      w.got = [];
      const es = new EventSource(path);
      for (const name of events)
        es.addEventListener(name, (e) => w.got.push({ event: name, data: JSON.parse((e as MessageEvent).data) }));
    },
    { path, events },
  );
}
const received = (page: Page) =>
  page.evaluate(() => (window as unknown as { got: StreamEvent[] }).got) as Promise<StreamEvent[]>;

test.beforeAll(async () => {
  const url = await freshPostgresDatabase("instances");
  if (!url) throw new Error("E2E_PG_URL is unset: several instances need the suite's PostgreSQL");
  databaseUrl = url;
  a = start(PORT_A!);
  await waitReady(a.url, 120_000); // A is up first, so it leads
  b = start(PORT_B!);
  await waitReady(b.url, 120_000);
  adminA = await signedIn("admin", E2E_ADMIN_PASSWORD, a.url);
  const t = await withToken(adminA, "admin", "e2e-instances", b.url);
  tokenB = t.ctx;
  bearer = `Bearer ${t.token}`;
});

test.afterAll(async () => {
  for (const s of [a, b]) if (s && s.proc.exitCode === null) s.proc.kill("SIGTERM");
  await Promise.all([a?.exited, b?.exited]);
});

test("one leader: A leads, B follows and both say who leads", async () => {
  await expect.poll(async () => (await cluster(tokenB, a.url)).leader).toBe(true);
  const [ca, cb] = [await cluster(tokenB, a.url), await cluster(tokenB, b.url)];
  expect(cb.leader).toBe(false);
  expect(ca.instance).not.toBe(cb.instance);
  expect(cb.leaderInstance).toBe(ca.instance);
  expect(ca.listening && cb.listening).toBe(true);
  expect(cb.leaderSince).toBe(ca.leaderSince);
});

test("the Health pages of A and B name the same leader, since the same time", async ({ page }) => {
  const ca = await cluster(tokenB, a.url);
  expect(ca.leaderSince).not.toBeNull();
  for (const [url, role] of [
    [a.url, "This instance leads"],
    [b.url, "This instance follows"],
  ] as const) {
    await signIn(page, url);
    await page.goto(`${url}/health`);
    await expect(page.getByTestId("cp-leader")).toContainText(ca.leaderInstance!);
    await expect(page.getByTestId("cp-since").locator("time")).toHaveAttribute("datetime", ca.leaderSince!);
    await expect(page.getByTestId("cp-role")).toHaveText(role);
    await expect(page.getByTestId("cp-mode")).toContainText("Several instances on PostgreSQL");
  }
});

/** Wrong passwords for `username`, each through the next of `urls` in turn: the attempt that got the first 429. */
async function firstRefusal(urls: string[], username: string) {
  for (let i = 0; i < 10; i++) {
    const res = await fetch(`${urls[i % urls.length]}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: "wrong-password" }),
    });
    if (res.status === 429) {
      const { type } = (await res.json()) as { type: string };
      return { attempt: i + 1, retryAfter: Number(res.headers.get("retry-after")), type };
    }
    expect(res.status).toBe(401);
  }
  return null;
}

test("failed sign-ins alternating between A and B get the 429 at the attempt one instance gives it", async () => {
  const single = await firstRefusal([a.url], "limit-one-instance");
  // NEXUS_LOGIN_MAX_FAILURES (5) wrong passwords per username and address, then 429 with Retry-After.
  expect(single).toEqual({ attempt: 6, retryAfter: expect.any(Number), type: "/problems/rate-limited" });
  const spread = await firstRefusal([a.url, b.url], "limit-two-instances");
  expect(spread).toEqual({ ...single, retryAfter: expect.any(Number) });
  for (const r of [single!, spread!]) expect(r.retryAfter).toBeGreaterThan(0);
  expect(spread!.retryAfter).toBeLessThanOrEqual(900); // NEXUS_LOGIN_WINDOW_SECONDS
  // The counters are the database's: both instances refuse the username from here on.
  for (const url of [b.url, a.url]) {
    const again = await fetch(`${url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "limit-two-instances", password: "wrong-password" }),
    });
    expect(again.status).toBe(429);
  }
});

test("a job started through A streams its progress to a browser on B", async ({ page }) => {
  await signIn(page, b.url);
  const submitted = await adminA.post(`${a.url}/api/v1/jobs`, {
    data: { kind: "diagnostics.sleep", payload: { steps: 8, stepMs: 400 } },
  });
  expect(submitted.status()).toBe(202);
  const { id } = (await submitted.json()) as { id: string };
  await follow(page, `/api/v1/jobs/${id}/events`, ["job"]);
  await expect.poll(async () => (await received(page)).at(-1)?.data.state, { timeout: 30_000 }).toBe("succeeded");
  const done = (await received(page)).map((e) => (e.data.progress as { done: number } | null)?.done ?? 0);
  expect(new Set(done).size).toBeGreaterThan(2); // progress arrived step by step, not only the end
});

test("a token revoked on A is refused on B at the very next request", async () => {
  for (let round = 0; round < 5; round++) {
    const { ctx, id } = await withToken(adminA, "viewer", `e2e-revoke-${round}`, b.url);
    // Twice on B: the second answer comes from B's principal cache.
    for (let i = 0; i < 2; i++) expect((await ctx.get("/api/v1/jobs?limit=1")).status()).toBe(200);
    expect((await adminA.delete(`${a.url}/api/v1/tokens/${id}`)).status()).toBe(200);
    expect((await ctx.get("/api/v1/jobs?limit=1")).status()).toBe(401);
    await ctx.dispose();
  }
});

test("the leader's health snapshots reach a browser on B", async ({ page }) => {
  await signIn(page, b.url);
  await follow(page, "/api/v1/health/stream", ["health"]);
  await expect
    .poll(async () => new Set((await received(page)).map((e) => e.data.checkedAt)).size, { timeout: 15_000 })
    .toBeGreaterThanOrEqual(3);
});

/** Polls `url` until it leads; returns how long that took from `t0`. */
async function leadsAfter(url: string, t0: number, timeout = 15_000): Promise<number> {
  await expect.poll(async () => (await cluster(tokenB, url)).leader, { intervals: [100], timeout }).toBe(true);
  return Date.now() - t0;
}

test("a hung leader (SIGSTOP) loses the lead after one lease, and follows once it wakes", async () => {
  a.proc.kill("SIGSTOP");
  const t0 = Date.now();
  let tookMs: number;
  try {
    tookMs = await leadsAfter(b.url, t0);
  } finally {
    a.proc.kill("SIGCONT");
  }
  console.log(`takeover from a hung leader: ${tookMs} ms (lease ${LEASE_MS} ms)`);
  // PostgreSQL ends the idle session after the lease; B tries the lock every quarter lease (at most 1 s), and this
  // test polls every 100 ms on a machine that may be busy.
  expect(tookMs).toBeLessThan(LEASE_MS + 2000);
  const bId = (await cluster(tokenB, b.url)).instance;
  await expect.poll(async () => (await cluster(tokenB, a.url)).listening, { timeout: 15_000 }).toBe(true);
  const ca = await cluster(tokenB, a.url);
  expect(ca.leader).toBe(false);
  expect(ca.leaderInstance).toBe(bId);
  expect(Date.parse(ca.leaderSince!), "B's lead began at the takeover").toBeGreaterThan(t0);
});

test("kill -9 of the leader: the other takes over within one lease and keeps probing", async () => {
  // B leads since the test above; A follows.
  b.proc.kill("SIGKILL");
  await b.exited;
  const t0 = Date.now();
  const tookMs = await leadsAfter(a.url, t0);
  console.log(`failover after kill -9: ${tookMs} ms (lease ${LEASE_MS} ms)`);
  expect(tookMs).toBeLessThan(LEASE_MS);
  const ca = await cluster(tokenB, a.url);
  expect(ca.leaderInstance).toBe(ca.instance);
  await expect
    .poll(async () =>
      Date.parse(((await (await tokenB.get(`${a.url}/api/v1/health`)).json()) as { checkedAt: string }).checkedAt),
    )
    .toBeGreaterThan(t0);
});

test("NEXUS_INSTANCES=2 serves one port from two workers that follow the leader", async () => {
  const c = start(PORT_C!, { NEXUS_INSTANCES: "2" });
  try {
    await waitReady(c.url, 120_000);
    const seen = new Map<string, Cluster>();
    await expect
      .poll(
        async () => {
          const res = await fetch(`${c.url}/api/v1/system`, {
            headers: { authorization: bearer, connection: "close" },
          });
          const body = (await res.json()) as { cluster: Cluster };
          seen.set(body.cluster.instance, body.cluster);
          return seen.size;
        },
        { intervals: [50], timeout: 60_000 },
      )
      .toBe(2);
    for (const w of seen.values()) expect(w.leader).toBe(false); // A still leads
  } finally {
    c.proc.kill("SIGTERM");
    expect(await c.exited).not.toBeNull();
  }
});

test("PGlite refuses NEXUS_INSTANCES=2 at start and says why", async () => {
  const p = startServer({ port: PORT_C!, env: { NEXUS_INSTANCES: "2", DATABASE_URL: "" } });
  expect(await p.exited).toBe(78);
  expect(p.output()).toContain("NEXUS_INSTANCES: PGlite is single-instance");
});
