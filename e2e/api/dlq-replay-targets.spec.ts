import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Admin } from "@platformatic/kafka";
import { signedIn, withToken } from "../fixtures/api";

const bootstrap = process.env.KAFKA_BOOTSTRAP ?? "";
const broker = bootstrap.split(",")[0] ?? "";

type Blocking = { topic: string; problem: string; reason: string; messages: number };
type Plan = { ok: boolean; blocking: Blocking[]; total: number; byTarget: { topic: string; count: number }[] };
type Replay = { id: string; jobId: string; state: string; sent: number; error: string | null };

// Issue #15 point 5: the dry run and the real run agree about targets.
test.describe("DLQ replay targets", () => {
  test.skip(!broker, "needs KAFKA_BOOTSTRAP (npm test starts the cluster)");
  const id = randomUUID().slice(0, 8);
  const dlq = `replayh-${id}-dlq`;
  const appEvents = `replayh-${id}-app_events`;
  const created = `replayh-${id}-created`;

  test.beforeAll(async () => {
    const admin = new Admin({ clientId: "e2e-replayh", bootstrapBrokers: bootstrap.split(",") });
    await admin.createTopics({ topics: [dlq], partitions: 2, replicas: 3 });
    await admin.close();
    const lines = Array.from({ length: 3 }, (_, i) => `k${i}\t{"event":${i}}`).join("\n") + "\n";
    execFileSync(
      "kcat",
      [
        "-b",
        broker,
        "-P",
        "-t",
        dlq,
        "-p",
        "0",
        "-K",
        "\t",
        "-H",
        `__connect.errors.topic=${appEvents}`,
        "-H",
        "__connect.errors.exception.class.name=E",
      ],
      { input: lines, timeout: 30_000 },
    );
  });
  test.afterAll(async () => {
    const admin = new Admin({ clientId: "e2e-replayh", bootstrapBrokers: bootstrap.split(",") });
    await admin.deleteTopics({ topics: [dlq, appEvents, created] }).catch(() => undefined);
    await admin.close();
  });

  test("a dry run to a missing topic is blocking, and the real run fails at once with the same message, without retrying", async () => {
    const admin = await signedIn();
    const messages = [0, 1, 2].map((o) => ({ partition: 0, offset: String(o) }));
    const dry = await admin.post("/api/v1/dlq/replays", { data: { sourceTopic: dlq, messages, dryRun: true } });
    expect(dry.status()).toBe(200);
    const { plan } = (await dry.json()) as { plan: Plan };
    expect(plan).toMatchObject({ ok: false, total: 3, byTarget: [{ topic: appEvents, count: 3 }] });
    expect(plan.blocking).toEqual([
      {
        topic: appEvents,
        problem: "missing",
        messages: 3,
        reason: expect.stringContaining(`topic ${appEvents} does not exist`),
      },
    ]);

    const t0 = Date.now();
    const res = await admin.post("/api/v1/dlq/replays", { data: { sourceTopic: dlq, messages } });
    expect(res.status()).toBe(202);
    const { replay } = (await res.json()) as { replay: Replay };
    const get = async () => (await (await admin.get(`/api/v1/dlq/replays/${replay.id}`)).json()) as Replay;
    let r = await get();
    for (let i = 0; i < 100 && r.state !== "failed"; i++) {
      await sleep(100);
      r = await get();
    }
    expect(r.state, JSON.stringify(r)).toBe("failed");
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(r.error).toBe(plan.blocking[0]!.reason);
    expect(r.sent).toBe(0);
    // No retry: the first retry would come after ~2 s of backoff; after 3 s the job still has its one attempt.
    await sleep(3000);
    const job = (await (await admin.get(`/api/v1/jobs/${replay.jobId}`)).json()) as {
      state: string;
      attempts: number;
      lastError: string;
    };
    expect(job).toMatchObject({ state: "failed", attempts: 1, lastError: plan.blocking[0]!.reason });
    expect((await get()).state).toBe("failed");

    // The job's event stream (endless streams are left out of the API fuzz): a viewer gets the finished job once,
    // then the stream ends; an unknown job is a 404 before any stream starts.
    const viewer = await withToken(admin, "viewer", `replayh-events-${id}`);
    const events = await viewer.ctx.get(`/api/v1/jobs/${replay.jobId}/events`, { timeout: 10_000 });
    expect(events.status()).toBe(200);
    expect(events.headers()["content-type"]).toContain("text/event-stream");
    const frames = (await events.text()).split("\n\n").filter((f) => f.startsWith("event: "));
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatch(/^event: job\ndata: /);
    expect(JSON.parse(frames[0]!.split("\ndata: ")[1]!)).toMatchObject({ id: replay.jobId, state: "failed" });
    expect((await viewer.ctx.get(`/api/v1/jobs/${randomUUID()}/events`)).status()).toBe(404);
  });

  test("operators create a missing target (viewers may not), within the replay-target rules, audited; then the dry run is ok", async () => {
    const admin = await signedIn();
    const viewer = await withToken(admin, "viewer", `replayh-viewer-${id}`);
    const operator = await withToken(admin, "operator", `replayh-operator-${id}`);
    expect(
      (await viewer.ctx.post("/api/v1/dlq/target-topics", { data: { topic: appEvents, likeTopic: dlq } })).status(),
    ).toBe(403);

    for (const topic of [`_replayh-${id}`, `__replayh-${id}`, `replayh-${id}-dlq2.dlq`, "a b", ""]) {
      const bad = await operator.ctx.post("/api/v1/dlq/target-topics", { data: { topic } });
      expect(bad.status(), topic).toBe(400);
    }
    expect(
      (await operator.ctx.post("/api/v1/dlq/target-topics", { data: { topic: created, partitions: 2 } })).status(),
    ).toBe(400);
    expect(
      (
        await operator.ctx.post("/api/v1/dlq/target-topics", {
          data: { topic: created, partitions: 1, replicationFactor: 9 },
        })
      ).status(),
    ).toBe(400);
    expect(
      (
        await operator.ctx.post("/api/v1/dlq/target-topics", {
          data: { topic: created, likeTopic: "not-a-dead-letter-topic" },
        })
      ).status(),
    ).toBe(404);

    const made = await operator.ctx.post("/api/v1/dlq/target-topics", { data: { topic: appEvents, likeTopic: dlq } });
    expect(made.status(), await made.text()).toBe(201);
    expect(await made.json()).toEqual({
      topic: appEvents,
      partitions: 2,
      replicationFactor: 3,
      layoutFrom: "like-topic",
    });
    expect((await operator.ctx.post("/api/v1/dlq/target-topics", { data: { topic: appEvents } })).status()).toBe(409);
    const byDefault = await operator.ctx.post("/api/v1/dlq/target-topics", { data: { topic: created } });
    expect(byDefault.status()).toBe(201);
    expect(await byDefault.json()).toMatchObject({ topic: created, layoutFrom: "cluster-default" });

    const audit = (await (await admin.get(`/api/v1/audit?action=dlq.target-topic.create&limit=100`)).json()) as {
      events: { target: string; outcome: string; detail: unknown }[];
    };
    const mine = audit.events.filter((e) => e.target === `topic:${appEvents}`);
    expect(mine.some((e) => e.outcome === "success" && JSON.stringify(e.detail).includes("like-topic"))).toBe(true);
    expect(mine.length).toBeGreaterThanOrEqual(2); // the 409 too

    const dry = await admin.post("/api/v1/dlq/replays", { data: { sourceTopic: dlq, filter: {}, dryRun: true } });
    expect(((await dry.json()) as { plan: Plan }).plan).toMatchObject({ ok: true, blocking: [], total: 3 });
  });
});
