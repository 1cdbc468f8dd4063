import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Admin } from "@platformatic/kafka";
import { signedIn, withToken } from "../fixtures/api";
import { startServer, waitReady } from "../fixtures/server";

const bootstrap = process.env.KAFKA_BOOTSTRAP ?? "";
const broker = bootstrap.split(",")[0] ?? "";

type Replay = { id: string; state: string; sent: number };

test.describe("DLQ API", () => {
  test.skip(!broker, "needs KAFKA_BOOTSTRAP (npm test starts the cluster)");
  const id = randomUUID().slice(0, 8);
  const dlq = `dlq_api_${id}`;
  const target = `orders_api_${id}`;

  test.beforeAll(async () => {
    const admin = new Admin({ clientId: "e2e-dlq-api", bootstrapBrokers: bootstrap.split(",") });
    await admin.createTopics({ topics: [dlq, target], partitions: 3, replicas: 3 });
    await admin.close();
    const lines = Array.from({ length: 300 }, (_, i) => `k${i}\tv${i}`).join("\n") + "\n";
    execFileSync(
      "kcat",
      [
        "-b",
        broker,
        "-P",
        "-t",
        dlq,
        "-K",
        "\t",
        "-H",
        `__connect.errors.topic=${target}`,
        "-H",
        "__connect.errors.exception.class.name=E",
      ],
      { input: lines, timeout: 30_000 },
    );
  });

  test("lists, browses and groups for a viewer; a missing topic is a 404 naming it; a viewer cannot replay", async () => {
    const admin = await signedIn();
    const viewer = await withToken(admin, "viewer", `dlq-viewer-${id}`);
    const topics = await viewer.ctx.get("/api/v1/dlq/topics");
    expect(topics.status()).toBe(200);
    const t = ((await topics.json()) as { topics: { topic: string; messages: number }[] }).topics.find(
      (x) => x.topic === dlq,
    );
    expect(t?.messages).toBe(300);

    const page = await viewer.ctx.get(`/api/v1/dlq/topics/${dlq}/messages?from=earliest&partition=0&limit=5`);
    expect(page.status()).toBe(200);
    const body = (await page.json()) as { messages: { partition: number; offset: string }[]; next: string };
    expect(body.messages.map((m) => m.offset)).toEqual(["0", "1", "2", "3", "4"]);
    const next = await viewer.ctx.get(`/api/v1/dlq/topics/${dlq}/messages?cursor=${body.next}&limit=5`);
    expect(((await next.json()) as { messages: { offset: string }[] }).messages[0]!.offset).toBe("5");

    const groups = await viewer.ctx.get(`/api/v1/dlq/topics/${dlq}/groups`);
    expect((await groups.json()) as unknown).toMatchObject({ matched: 300, groups: [{ value: "E", count: 300 }] });

    const missing = await viewer.ctx.get(`/api/v1/dlq/topics/missing_${id}/messages`);
    expect(missing.status()).toBe(404);
    expect(missing.headers()["content-type"]).toContain("application/problem+json");
    expect(((await missing.json()) as { detail: string }).detail).toContain(`missing_${id}`);

    const bad = await viewer.ctx.get(`/api/v1/dlq/topics/${dlq}/messages?from=offset`);
    expect(bad.status()).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain("query.offset");

    const denied = await viewer.ctx.post("/api/v1/dlq/replays", { data: { sourceTopic: dlq, filter: {} } });
    expect(denied.status()).toBe(403);

    const spec = await viewer.ctx.get("/api/openapi.json");
    const paths = Object.keys(((await spec.json()) as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/api/v1/dlq/topics",
        "/api/v1/dlq/topics/{topic}/messages",
        "/api/v1/dlq/replays",
        "/api/v1/dlq/replays/{id}/control",
      ]),
    );
  });

  test("a replay can be dry-run, paused, resumed and cancelled, and the audit log has it", async () => {
    const admin = await signedIn();
    const dry = await admin.post("/api/v1/dlq/replays", { data: { sourceTopic: dlq, filter: {}, dryRun: true } });
    expect(dry.status()).toBe(200);
    expect((await dry.json()) as unknown).toMatchObject({
      dryRun: true,
      plan: { total: 300, byTarget: [{ topic: target, count: 300 }] },
    });

    const res = await admin.post("/api/v1/dlq/replays", { data: { sourceTopic: dlq, filter: {}, ratePerSecond: 25 } });
    expect(res.status()).toBe(202);
    const { replay } = (await res.json()) as { replay: Replay };
    const get = async () => (await (await admin.get(`/api/v1/dlq/replays/${replay.id}`)).json()) as Replay;
    let r = await get();
    for (let i = 0; i < 100 && r.sent < 10; i++) {
      await sleep(100);
      r = await get();
    }
    expect((await admin.post(`/api/v1/dlq/replays/${replay.id}/control`, { data: { action: "pause" } })).status()).toBe(
      200,
    );
    for (let i = 0; i < 50 && r.state !== "paused"; i++) {
      await sleep(100);
      r = await get();
    }
    expect(r.state).toBe("paused");
    const frozen = r.sent;
    await sleep(1500);
    expect((await get()).sent).toBe(frozen);
    await admin.post(`/api/v1/dlq/replays/${replay.id}/control`, { data: { action: "resume" } });
    for (let i = 0; i < 50 && r.sent <= frozen; i++) {
      await sleep(100);
      r = await get();
    }
    expect(r.state).toBe("running");
    expect(
      (await admin.post(`/api/v1/dlq/replays/${replay.id}/control`, { data: { action: "cancel" } })).status(),
    ).toBe(200);
    for (let i = 0; i < 150 && r.state !== "cancelled"; i++) {
      await sleep(100);
      r = await get();
    }
    expect(r.state).toBe("cancelled");
    expect(r.sent).toBeLessThan(300);
    const again = await admin.post(`/api/v1/dlq/replays/${replay.id}/control`, { data: { action: "resume" } });
    expect(again.status()).toBe(409);

    const metrics = await (await admin.get("/api/metrics")).text();
    expect(
      Number(/^nexus_dlq_replayed_messages_total\{outcome="sent"\} (\d+)$/m.exec(metrics)?.[1] ?? 0),
    ).toBeGreaterThanOrEqual(r.sent);

    const audit = (await (await admin.get("/api/v1/audit?action=dlq.replay")).json()) as {
      events: { action: string; outcome: string; target: string }[];
    };
    expect(audit.events.some((e) => e.target === `topic:${dlq}` && e.outcome === "success")).toBe(true);
  });

  test("a dead broker gives 503 naming it within 5 seconds", async () => {
    const server = startServer({
      port: 3964,
      env: {
        NEXUS_ADMIN_PASSWORD: "dead-broker-password",
        NEXUS_KAFKA_BROKERS: "127.0.0.1:1",
        NEXUS_KAFKA_TIMEOUT_MS: "3000",
      },
    });
    try {
      await waitReady(server.url);
      const login = await fetch(`${server.url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "admin", password: "dead-broker-password" }),
      });
      const cookie = login.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      const t0 = Date.now();
      const r = await fetch(`${server.url}/api/v1/dlq/topics`, { headers: { cookie } });
      expect(Date.now() - t0).toBeLessThan(5000);
      expect(r.status).toBe(503);
      const p = (await r.json()) as { type: string; detail: string };
      expect(p.detail).toContain("127.0.0.1:1");
    } finally {
      server.proc.kill("SIGTERM");
      await server.exited;
    }
  });
});
