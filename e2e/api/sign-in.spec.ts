import { expect, test } from "@playwright/test";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { startServer, waitReady, type ServerProcess } from "../fixtures/server";

// Sign-in and sessions (issue #14, points 6, 8, 11, 12) against a server of its own: it trusts 127.0.0.2 as a
// reverse proxy, so a request from 127.0.0.2 may name the client in X-Forwarded-For, and one from 127.0.0.1
// (a direct client) may not; its streams re-check their caller every second.
const PORT = Number(process.env.E2E_SIGNIN_PORT ?? 4031);
const HOST = `127.0.0.1:${PORT}`;
const PASSWORD = "signin-admin-password";
const PROXY = "127.0.0.2";

type Reply = { status: number; headers: IncomingMessage["headers"]; text: string; ms: number };
type Call = { from?: string; headers?: Record<string, string>; body?: string };

/** One HTTP request from a chosen local address (Linux routes all of 127/8 to the loopback interface). */
function call(method: string, path: string, o: Call = {}): Promise<Reply> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port: PORT,
        method,
        path,
        localAddress: o.from ?? "127.0.0.1",
        headers: { host: HOST, ...(o.body !== undefined ? { "content-type": "application/json" } : {}), ...o.headers },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (text += d));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, ms: Date.now() - started }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(o.body);
  });
}

const login = (username: string, password: string, o: Call = {}) =>
  call("POST", "/api/v1/auth/login", { ...o, body: JSON.stringify({ username, password }) });

/** Session headers for later calls: the cookies the login set, and the CSRF token for mutations. */
async function session(username: string, password: string, o: Call = {}): Promise<Record<string, string>> {
  const r = await login(username, password, o);
  expect(r.status, r.text).toBe(200);
  const cookie = (r.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
  return { cookie, "x-csrf-token": (JSON.parse(r.text) as { csrfToken: string }).csrfToken, ...o.headers };
}

let server: ServerProcess;
let admin: Record<string, string>;

test.beforeAll(async () => {
  server = startServer({
    port: PORT,
    env: {
      NEXUS_ADMIN_PASSWORD: PASSWORD,
      NEXUS_TRUSTED_PROXIES: PROXY,
      NEXUS_STREAM_RECHECK_MS: "1000",
      NEXUS_LOGIN_MAX_FAILURES: "5",
      // For a Host allow-list (issue #14, point 10): the cookie tests name a host other than the listen address.
      NEXUS_ALLOWED_HOSTS: `nexus.example,${HOST},localhost,127.0.0.1`,
    },
  });
  await waitReady(server.url);
  admin = await session("admin", PASSWORD, { from: PROXY, headers: { "x-forwarded-for": "198.51.100.200" } });
});
test.afterAll(async () => {
  server.proc.kill("SIGTERM");
  await server.exited;
});

test.describe("cookies", () => {
  test("over plain HTTP to 127.0.0.1 the session cookies are plain and unprefixed (browsers refuse __Host- without Secure)", async () => {
    const r = await login("admin", PASSWORD, { from: PROXY, headers: { "x-forwarded-for": "198.51.100.201" } });
    expect(r.status).toBe(200);
    const cookies = r.headers["set-cookie"] ?? [];
    expect(cookies.map((c) => c.split("=")[0])).toEqual(["nexus_session", "nexus_csrf"]);
    for (const c of cookies) expect(c).not.toMatch(/Secure/);
  });

  test("over HTTPS (a trusted proxy says so) they are Secure, __Host- prefixed, and only that name is read", async () => {
    const https = {
      "x-forwarded-proto": "https",
      "x-forwarded-host": "nexus.example",
      "x-forwarded-for": "198.51.100.202",
    };
    const r = await login("admin", PASSWORD, { from: PROXY, headers: https });
    expect(r.status).toBe(200);
    const cookies = r.headers["set-cookie"] ?? [];
    expect(cookies[0]).toMatch(/^__Host-nexus_session=[^;]+; Path=\/; Max-Age=\d+; SameSite=Lax; HttpOnly; Secure$/);
    expect(cookies[1]).toMatch(/^__Host-nexus_csrf=[^;]+; Path=\/; Max-Age=\d+; SameSite=Strict; Secure$/);
    const value = cookies[0]!.split(";")[0]!.split("=")[1];
    expect(
      (
        await call("GET", "/api/v1/auth/session", {
          from: PROXY,
          headers: { ...https, cookie: `__Host-nexus_session=${value}` },
        })
      ).status,
    ).toBe(200);
    // The unprefixed name could have been planted by a sibling host or a plain-HTTP page: not read over HTTPS.
    expect(
      (
        await call("GET", "/api/v1/auth/session", {
          from: PROXY,
          headers: { ...https, cookie: `nexus_session=${value}` },
        })
      ).status,
    ).toBe(401);
  });

  test("sign-in over plain HTTP to another host is refused with the reason, as the browser would drop the cookie", async () => {
    // From a direct client, X-Forwarded-Proto is not believed either.
    const r = await login("admin", PASSWORD, { headers: { host: "nexus.example", "x-forwarded-proto": "https" } });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.text).detail).toMatch(/plain HTTP is only possible on localhost: serve Nexus over HTTPS/);
    expect(r.headers["set-cookie"]).toBeUndefined();
  });

  test("a malformed, huge or duplicated session cookie is treated as absent, never a 500", async () => {
    for (const cookie of [
      "nexus_session=%E0%A4%A",
      "nexus_session=%",
      `nexus_session=${"x".repeat(6000)}`,
      "nexus_session=a; nexus_session=b",
      "nexus_csrf=%ZZ; nexus_session=%",
    ]) {
      const api = await call("GET", "/api/v1/auth/session", { headers: { cookie } });
      expect(api.status, cookie.slice(0, 40)).toBe(401);
      const page = await call("GET", "/", { headers: { cookie } });
      expect(page.status, cookie.slice(0, 40)).toBeLessThan(500);
    }
  });
});

test("a malformed JSON body is reported by position, without quoting it in the response, the log or the audit", async () => {
  const secret = "Hunter2-sekrit-9f3a";
  const r = await call("POST", "/api/v1/auth/password", {
    from: PROXY,
    headers: admin,
    body: `{"currentPassword":${secret},"newPassword":"x"}`,
  });
  expect(r.status).toBe(400);
  expect(JSON.parse(r.text).detail).toBe("request body is not valid JSON at line 1, column 20 (offset 19)");
  expect(r.text).not.toContain("sekrit");
  const audit = await call("GET", "/api/v1/audit?action=auth.password.change", { from: PROXY, headers: admin });
  expect(audit.status).toBe(200);
  expect(audit.text).toContain("not valid JSON at line 1");
  expect(audit.text).not.toContain("sekrit");
  await expect.poll(() => server.output()).toContain("not valid JSON at line 1");
  expect(server.output()).not.toContain("sekrit");
});

test.describe("streams end when their caller loses access", () => {
  /** Opens the health stream and resolves with how long after `after` it ended (rejects if still open after 8 s). */
  function openStream(headers: Record<string, string>, from = "127.0.0.1") {
    let opened!: () => void;
    const open = new Promise<void>((r) => (opened = r));
    const ended = new Promise<{ at: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: "127.0.0.1",
          port: PORT,
          path: "/api/v1/health/stream",
          localAddress: from,
          headers: { host: HOST, ...headers },
        },
        (res) => {
          if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
          opened();
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (d: string) => (text += d));
          res.on("end", () => resolve({ at: Date.now(), text }));
          res.on("close", () => resolve({ at: Date.now(), text }));
        },
      );
      req.on("error", reject);
      req.setTimeout(15_000, () => req.destroy(new Error("stream still open after 15 s")));
      req.end();
    });
    return { open, ended };
  }

  test("a token's stream ends within the interval after the token is revoked", async () => {
    const created = await call("POST", "/api/v1/tokens", {
      from: PROXY,
      headers: admin,
      body: JSON.stringify({ name: "stream", role: "viewer", expiresInDays: 1 }),
    });
    const { id, token } = JSON.parse(created.text) as { id: string; token: string };
    const s = openStream({ authorization: `Bearer ${token}` });
    await s.open;
    let endedEarly = false;
    void s.ended.then(() => (endedEarly = true));
    await new Promise((r) => setTimeout(r, 3500)); // three re-checks pass while the token is valid
    expect(endedEarly).toBe(false);
    const revokedAt = Date.now();
    expect((await call("DELETE", `/api/v1/tokens/${id}`, { from: PROXY, headers: admin })).status).toBe(200);
    const end = await s.ended;
    expect(end.at - revokedAt).toBeLessThan(3000);
    expect(end.text).toMatch(/event: error\ndata: .*no longer valid/);
  });

  test("a session's stream ends after sign-out, and a user's after they are disabled", async () => {
    const own = await session("admin", PASSWORD, { from: PROXY, headers: { "x-forwarded-for": "198.51.100.203" } });
    const s = openStream(own, PROXY);
    await s.open;
    const outAt = Date.now();
    expect((await call("POST", "/api/v1/auth/logout", { from: PROXY, headers: own })).status).toBe(204);
    expect((await s.ended).at - outAt).toBeLessThan(3000);

    const made = await call("POST", "/api/v1/users", {
      from: PROXY,
      headers: admin,
      body: JSON.stringify({ username: "streamer", password: "streamer-password", role: "viewer" }),
    });
    expect(made.status, made.text).toBe(201);
    const viewer = await session("streamer", "streamer-password", {
      from: PROXY,
      headers: { "x-forwarded-for": "198.51.100.204" },
    });
    const v = openStream(viewer, PROXY);
    await v.open;
    const disabledAt = Date.now();
    const patched = await call("PATCH", `/api/v1/users/${(JSON.parse(made.text) as { id: string }).id}`, {
      from: PROXY,
      headers: admin,
      body: JSON.stringify({ disabled: true }),
    });
    expect(patched.status).toBe(200);
    expect((await v.ended).at - disabledAt).toBeLessThan(3000);
  });
});

// Last: these spend the sign-in limits of their addresses.
test.describe("sign-in limits", () => {
  test("30 parallel wrong passwords from one client with forged X-Forwarded-For are cut at the per-address limit", async () => {
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        login("admin", `wrong-${i}`, { headers: { "x-forwarded-for": `203.0.113.${i}` } }),
      ),
    );
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5); // NEXUS_LOGIN_MAX_FAILURES: only these reached the password check
    expect(statuses.filter((s) => s === 429)).toHaveLength(25);
    expect(Number(burst.find((r) => r.status === 429)!.headers["retry-after"])).toBeGreaterThan(0);
  });

  test("30 parallel wrong passwords for admin from 30 addresses only slow it down: the right one from another address signs in in seconds", async () => {
    const started = Date.now();
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        login("admin", `wrong-${i}`, { from: PROXY, headers: { "x-forwarded-for": `192.0.2.${i + 1}` } }),
      ),
    );
    expect(burst.map((r) => r.status)).toEqual(Array(30).fill(401));
    // Limited all the same: past 5 failures each attempt for the username waited (up to 3 s) before its password check.
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
    expect(burst.filter((r) => r.ms >= 1000).length).toBeGreaterThanOrEqual(20);
    const real = await login("admin", PASSWORD, { from: PROXY, headers: { "x-forwarded-for": "198.51.100.7" } });
    expect(real.status, real.text).toBe(200);
    expect(real.ms).toBeLessThan(5000);
  });
});
