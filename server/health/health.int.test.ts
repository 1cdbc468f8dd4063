import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { createServer as createTcpServer, type AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Admin, Consumer, Producer, stringSerializers } from "@platformatic/kafka";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/databases.ts";
import type { DbHandle } from "../adapters/db/index.ts";
import { createContainerEngine } from "../adapters/docker/index.ts";
import { KafkaGateway } from "../adapters/kafka/index.ts";
import { latestScoresByLayer } from "../lineage/quality-overview.ts";
import { evaluateAlerts, listAlerts, updateRule } from "./alerts.ts";
import type { HealthSnapshot } from "./contract.ts";
import { createHealthMonitor, type HealthMonitor } from "./monitor.ts";
import { healthHistory } from "./queries.ts";

const log = pino({ level: "silent" });
const env = (n: string) => process.env[n] ?? "";
const brokers = env("KAFKA_BOOTSTRAP").split(",").filter(Boolean);
const REPO = join(import.meta.dirname, "../..");
const stateRoot = () =>
  execFileSync("bash", ["-c", "source scripts/test-env/lib.sh; echo $STATE_ROOT"], { cwd: REPO }).toString().trim();

/** Every test service started by scripts/test-env, as NEXUS_PROBES entries. */
function probesOfTestEnvironment(): string {
  const need = [
    "SPARK_STREAMING_UI",
    "SPARK_BATCH_UI",
    "S3_ENDPOINT",
    "CLICKHOUSE_URL",
    "PROMETHEUS_URL",
    "PUSHGATEWAY_URL",
  ];
  const missing = need.filter((n) => !process.env[n]);
  if (missing.length || !brokers.length)
    throw new Error(
      `start the test environment first (bash scripts/test-env/all.sh up; source its env.sh): missing ${[...missing, ...(brokers.length ? [] : ["KAFKA_BOOTSTRAP"])].join(", ")}`,
    );
  return [
    `spark-streaming=spark:${env("SPARK_STREAMING_UI")}`,
    `spark-batch=spark:${env("SPARK_BATCH_UI")}`,
    `s3=s3:${env("S3_ENDPOINT")}`,
    `clickhouse=clickhouse:${env("CLICKHOUSE_URL")}`,
    `prometheus=prometheus:${env("PROMETHEUS_URL")}`,
    `pushgateway=pushgateway:${env("PUSHGATEWAY_URL")}`,
    ...(process.env.TEST_DATABASE_URL ? [`postgres=postgres:${env("TEST_DATABASE_URL")}`] : []),
  ].join(" ");
}

function monitorFor(
  db: DbHandle,
  probes: string,
  over: Partial<Parameters<typeof createHealthMonitor>[0]> = {},
): HealthMonitor {
  return createHealthMonitor({
    db: db.prisma,
    log,
    kafka: new KafkaGateway({ brokers, timeoutMs: 3000 }),
    engine: createContainerEngine({ socketPath: "/nonexistent/docker.sock" }),
    intervalMs: 0,
    timeoutMs: 1500,
    probes,
    dlqTopicPattern: "^dlq",
    qualityByLayer: () => latestScoresByLayer(db.prisma),
    ...over,
  });
}

/** A port that refuses connections, and an HTTP server that accepts and never answers. */
async function deadEndpoints(): Promise<{ refused: number; silent: Server }> {
  const probe = createTcpServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const refused = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const silent = createServer(() => {
    /* never answers */
  });
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
  return { refused, silent };
}

describe.each(testDatabases())("health probes and alerts on $name", (database) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await database.open();
  });
  afterAll(async () => {
    await h?.close();
  });

  it("finds every service of the test environment up, rolls them up per cluster and keeps the history", async () => {
    const monitor = monitorFor(h, probesOfTestEnvironment());
    const s = await monitor.runNow();
    const notUp = s.services.filter((x) => x.status !== "up").map((x) => `${x.service}: ${x.detail}`);
    expect(notUp).toEqual([]);
    expect(s.status).toBe("up");
    expect(s.clusters.map((c) => [c.cluster, c.status])).toEqual(
      expect.arrayContaining([
        ["kafka", "up"],
        ["spark-streaming", "up"],
        ["spark-batch", "up"],
        ["storage", "up"],
        ["monitoring", "up"],
      ]),
    );
    const kafka = s.services.find((x) => x.service === "kafka")!;
    expect(kafka.metrics).toMatchObject({ brokersUp: 3, brokersExpected: 3, underReplicated: 0, offline: 0 });
    expect([1, 2, 3]).toContain(kafka.metrics.controllerId);
    const spark = s.services.find((x) => x.service === "spark-batch")!;
    expect(spark.cluster).toBe("spark-batch");
    expect(spark.metrics).toMatchObject({ workersAlive: 1 });
    expect(s.services.find((x) => x.service === "prometheus")!.metrics).toMatchObject({ alertsFiring: 0 });

    const again = await monitor.runNow();
    expect(again.services.find((x) => x.service === "kafka")!.since).toBe(kafka.since); // still up: same "since"
    const hist = await healthHistory(h.prisma, { service: "kafka", minutes: 5 });
    expect(hist.points.map((p) => p.status)).toEqual(["up", "up"]);
    expect(hist.transitions).toHaveLength(1);
    expect(hist.cycles.reduce((n, c) => n + c.up, 0)).toBeGreaterThanOrEqual(s.services.length);
  });

  it("says what failed for a dead or silent service, and since when", async () => {
    const { refused, silent } = await deadEndpoints();
    const silentPort = (silent.address() as AddressInfo).port;
    try {
      const monitor = monitorFor(
        h,
        `gone@storage=clickhouse:http://127.0.0.1:${refused} stuck@catalog=iceberg:http://127.0.0.1:${silentPort} pg-gone=postgres:postgres://u:secret@127.0.0.1:${refused}/x`,
      );
      const t0 = Date.now();
      const s = await monitor.runNow();
      expect(Date.now() - t0).toBeLessThan(6000); // bounded: nobody waits on a dead service
      const by = new Map(s.services.map((x) => [x.service, x]));
      expect(by.get("gone")).toMatchObject({
        status: "down",
        detail: `connection refused (http://127.0.0.1:${refused}/ping)`,
      });
      expect(by.get("stuck")).toMatchObject({
        status: "down",
        detail: `timed out after 1500 ms (http://127.0.0.1:${silentPort}/v1/config)`,
      });
      expect(by.get("pg-gone")!.detail).toContain("connection refused");
      expect(by.get("pg-gone")!.target).toBe(`postgres://u:***@127.0.0.1:${refused}/x`);
      expect(JSON.stringify(s)).not.toContain("secret");
      expect(s.clusters.find((c) => c.cluster === "storage")).toMatchObject({
        status: "down",
        problems: [`gone: connection refused (http://127.0.0.1:${refused}/ping)`],
      });
      const since = by.get("gone")!.since;
      const later = await monitor.runNow();
      expect(later.services.find((x) => x.service === "gone")!.since).toBe(since);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it("fires and resolves LowQualityScore from quality results, with the webhook told both times", async () => {
    const received: Record<string, unknown>[] = [];
    const hook = createServer((req: IncomingMessage, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        received.push(JSON.parse(body) as Record<string, unknown>);
        res.end("ok");
      });
    });
    await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    try {
      const monitor = monitorFor(h, "", { alertWebhookUrl: url });
      await monitor.runNow(); // creates the built-in rules
      const ds = `silver.alerts_${randomUUID().slice(0, 8)}`;
      const snapshot: HealthSnapshot = {
        status: "up",
        checkedAt: new Date().toISOString(),
        intervalMs: 0,
        clusters: [],
        services: [],
        dlq: null,
      };
      const inputs = async () => ({ snapshot, qualityByLayer: await latestScoresByLayer(h.prisma) });
      const hookUrl = { log, webhook: (await import("../adapters/webhook/webhook.ts")).webhookSender(url) };

      await h.prisma.qualityResult.create({
        data: { datasetId: ds, layer: "silver", score: 55, passed: 11, failed: 9, checks: [], source: "test" },
      });
      const t0 = new Date();
      await evaluateAlerts({ db: h.prisma, ...hookUrl, inputs: await inputs(), now: t0 });
      let a = await listAlerts(h.prisma);
      expect(a.active).toEqual([
        expect.objectContaining({ rule: "LowQualityScore", subject: "layer=silver", state: "pending", value: 55 }),
      ]);
      // Four minutes on: still pending (the rule wants five); six minutes on: firing.
      await evaluateAlerts({ db: h.prisma, ...hookUrl, inputs: await inputs(), now: new Date(t0.getTime() + 240_000) });
      expect((await listAlerts(h.prisma)).active[0]!.state).toBe("pending");
      const r = await evaluateAlerts({
        db: h.prisma,
        ...hookUrl,
        inputs: await inputs(),
        now: new Date(t0.getTime() + 360_000),
      });
      expect(r.fired).toEqual(["low-quality-score layer=silver"]);
      a = await listAlerts(h.prisma);
      expect(a.active[0]).toMatchObject({
        state: "firing",
        summary: 'data_quality_score{layer="silver"} is 55 (under 80)',
        webhook: "firing: delivered (HTTP 200)",
      });

      await h.prisma.qualityResult.create({
        data: { datasetId: ds, layer: "silver", score: 96, passed: 24, failed: 1, checks: [], source: "test" },
      });
      const r2 = await evaluateAlerts({
        db: h.prisma,
        ...hookUrl,
        inputs: await inputs(),
        now: new Date(t0.getTime() + 370_000),
      });
      expect(r2.resolved).toEqual(["low-quality-score layer=silver"]);
      a = await listAlerts(h.prisma);
      expect(a.active).toEqual([]);
      expect(a.history[0]).toMatchObject({
        rule: "LowQualityScore",
        state: "resolved",
        webhook: "resolved: delivered (HTTP 200)",
      });
      expect(received.map((b) => [b.alert, b.state, b.subject])).toEqual([
        ["LowQualityScore", "firing", "layer=silver"],
        ["LowQualityScore", "resolved", "layer=silver"],
      ]);

      // A pending alert whose condition clears before its time is dropped, never fired.
      await h.prisma.qualityResult.create({
        data: { datasetId: ds, layer: "silver", score: 10, passed: 1, failed: 9, checks: [], source: "test" },
      });
      await evaluateAlerts({ db: h.prisma, ...hookUrl, inputs: await inputs(), now: new Date(t0.getTime() + 400_000) });
      await h.prisma.qualityResult.create({
        data: { datasetId: ds, layer: "silver", score: 90, passed: 9, failed: 1, checks: [], source: "test" },
      });
      await evaluateAlerts({ db: h.prisma, ...hookUrl, inputs: await inputs(), now: new Date(t0.getTime() + 410_000) });
      expect((await listAlerts(h.prisma)).active).toEqual([]);
      expect(received).toHaveLength(2);

      // An admin's edit takes effect at the next evaluation: no wait, lower threshold.
      await updateRule(h.prisma, "low-quality-score", { forSeconds: 0, threshold: 95 }, "admin");
      await evaluateAlerts({ db: h.prisma, ...hookUrl, inputs: await inputs(), now: new Date(t0.getTime() + 420_000) });
      expect((await listAlerts(h.prisma)).active[0]).toMatchObject({ state: "firing", value: 90 });
      await updateRule(h.prisma, "low-quality-score", { enabled: false }, "admin");
      expect((await listAlerts(h.prisma)).active).toEqual([]);
      await updateRule(h.prisma, "low-quality-score", { enabled: true, forSeconds: 300, threshold: 80 }, "admin");
    } finally {
      hook.close();
    }
  });

  it("fires ServiceDown only after the service has been down for its duration, and counts from when it went down", async () => {
    const { refused, silent } = await deadEndpoints();
    silent.close();
    const monitor = monitorFor(h, `gone2@storage=s3:http://127.0.0.1:${refused}`);
    const s = await monitor.runNow();
    const down = s.services.find((x) => x.service === "gone2")!;
    const inputs = { snapshot: s, qualityByLayer: [] };
    const active = async () => (await listAlerts(h.prisma)).active.filter((a) => a.subject === "service=gone2");
    await evaluateAlerts({ db: h.prisma, log, inputs, now: new Date(Date.parse(down.since) + 30_000) });
    expect((await active()).map((a) => a.state)).toEqual(["pending"]);
    await evaluateAlerts({ db: h.prisma, log, inputs, now: new Date(Date.parse(down.since) + 61_000) });
    expect(await active()).toEqual([
      expect.objectContaining({ state: "firing", rule: "ServiceDown", severity: "critical" }),
    ]);
    expect((await active())[0]!.summary).toBe(
      `gone2 (storage) is down: connection refused (http://127.0.0.1:${refused}/minio/health/live)`,
    );
  });
});

describe("a Kafka broker stopped and started again", () => {
  const db = testDatabases()[0]!;
  let h: DbHandle;
  const topic = `health-rf3-${randomUUID().slice(0, 8)}`;
  const dlqTopic = `dlq_health_${randomUUID().slice(0, 8)}`;
  beforeAll(async () => {
    if (!brokers.length) throw new Error("KAFKA_BOOTSTRAP is not set: run `bash scripts/test-env/kafka.sh up`");
    h = await db.open();
    const admin = new Admin({ clientId: "nexus-health-test", bootstrapBrokers: brokers });
    await admin.createTopics({ topics: [topic, dlqTopic], partitions: 3, replicas: 3 });
    await admin.close();
  });
  afterAll(async () => {
    execFileSync("bash", ["scripts/test-env/kafka.sh", "up"], { cwd: REPO, timeout: 120_000 }); // whatever happened, leave three brokers
    await h?.close();
  });

  it("degrades the Kafka tile with under-replicated partitions within two probe intervals, and is green again once it is back", async () => {
    const INTERVAL = 3000;
    const monitor = monitorFor(h, "", { intervalMs: INTERVAL });
    const seen: HealthSnapshot[] = [];
    monitor.subscribe((s) => seen.push(s));
    const waitFor = async (pred: (s: HealthSnapshot) => boolean, ms: number) => {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        const hit = seen.find(pred);
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 100));
      }
      return null;
    };
    const kafkaOf = (s: HealthSnapshot) => s.services.find((x) => x.service === "kafka")!;
    monitor.start();
    try {
      expect(await waitFor((s) => kafkaOf(s).status === "up", 10_000)).not.toBeNull();

      const pid = Number(readFileSync(join(stateRoot(), "kafka", "node-3.pid"), "utf8"));
      const stoppedAt = Date.now();
      process.kill(pid, "SIGTERM");
      seen.length = 0;
      // A controlled shutdown first shrinks the ISR, then the broker leaves the cluster: wait for both.
      const degraded = await waitFor(
        (s) =>
          kafkaOf(s).status === "degraded" &&
          Number(kafkaOf(s).metrics.underReplicated) > 0 &&
          Number(kafkaOf(s).metrics.brokersUp) < Number(kafkaOf(s).metrics.brokersExpected),
        2 * INTERVAL + 8000,
      );
      expect(
        degraded,
        `no degraded snapshot: ${seen.map((s) => kafkaOf(s).status + " " + kafkaOf(s).detail).join(" / ")}`,
      ).not.toBeNull();
      const k = kafkaOf(degraded!);
      // Within two probe intervals of the broker being gone (its controlled shutdown takes a few seconds).
      expect(Date.parse(degraded!.checkedAt!) - stoppedAt).toBeLessThan(2 * INTERVAL + 8000);
      expect(k.metrics).toMatchObject({ brokersUp: 2, brokersExpected: 3, missingBrokers: [3] });
      expect(k.detail).toMatch(
        new RegExp(
          `^broker 3 not in the cluster; connection refused \\(${brokers[2]!.replace(/\./g, "\\.")}\\); \\d+ under-replicated partition\\(s\\) \\(2/3 brokers, controller \\d+,`,
        ),
      );
      // Every partition of the RF 3 topic has a replica on broker 3; the list shown is capped at 50.
      expect(Number(k.metrics.underReplicated)).toBeGreaterThanOrEqual(3);
      expect((k.metrics.underReplicatedPartitions as unknown[]).length).toBe(
        Math.min(50, Number(k.metrics.underReplicated)),
      );
      expect(degraded!.clusters.find((c) => c.cluster === "kafka")!.status).toBe("degraded");

      execFileSync("bash", ["scripts/test-env/kafka.sh", "up"], { cwd: REPO, timeout: 120_000 });
      seen.length = 0;
      const green = await waitFor((s) => kafkaOf(s).status === "up", 60_000);
      expect(green, `still ${seen.at(-1) ? kafkaOf(seen.at(-1)!).detail : "no snapshot"}`).not.toBeNull();
      expect(kafkaOf(green!).metrics).toMatchObject({ brokersUp: 3, underReplicated: 0 });
    } finally {
      await monitor.stop();
    }
  }, 180_000);

  it("measures consumer lag per group and topic, and DLQ sizes", async () => {
    const producer = new Producer({
      clientId: "nexus-health-lag",
      bootstrapBrokers: brokers,
      serializers: stringSerializers,
    });
    await producer.send({
      messages: Array.from({ length: 30 }, (_, i) => ({ topic, key: `k${i}`, value: `v${i}`, partition: i % 3 })),
    });
    await producer.send({ messages: Array.from({ length: 7 }, (_, i) => ({ topic: dlqTopic, value: `bad ${i}` })) });
    await producer.close();
    const group = `health-lag-${randomUUID().slice(0, 6)}`;
    const consumer = new Consumer({
      clientId: "nexus-health-lag",
      groupId: group,
      bootstrapBrokers: brokers,
      autocommit: false,
    });
    const admin = new Admin({ clientId: "nexus-health-lag", bootstrapBrokers: brokers });
    // Commit offset 4 on each partition: lag = 10 - 4 = 6 per partition, 18 in all.
    await admin.alterConsumerGroupOffsets({
      groupId: group,
      topics: [{ name: topic, partitionOffsets: [0, 1, 2].map((p) => ({ partition: p, offset: 4n })) }],
    });
    await Promise.all([consumer.close(), admin.close()]);
    const monitor = monitorFor(h, "");
    const s = await monitor.runNow();
    const kafka = s.services.find((x) => x.service === "kafka")!;
    const lag = (
      kafka.metrics.lag as { group: string; topic: string; lag: number; partitions: { lag: number }[] }[]
    ).find((l) => l.group === group);
    expect(lag).toMatchObject({ topic, lag: 18 });
    expect(lag!.partitions.map((p) => p.lag)).toEqual([6, 6, 6]);
    expect(s.dlq?.topics.find((t) => t.topic === dlqTopic)).toMatchObject({ messages: 7 });
    const alerts = await updateRule(h.prisma, "consumer-lag", { threshold: 10, forSeconds: 0 }, "test");
    expect(alerts.threshold).toBe(10);
    await monitor.runNow();
    expect(
      (await listAlerts(h.prisma)).active.find((a) => a.subject === `group=${group} topic=${topic}`),
    ).toMatchObject({ state: "firing", value: 18 });
  });
});
