import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/databases.ts";
import type { DbHandle } from "../adapters/db/index.ts";
import { createContainerEngine } from "../adapters/docker/index.ts";
import { KafkaGateway } from "../adapters/kafka/index.ts";
import { alertsWithPrometheus } from "./alerts-view.ts";
import { createHealthMonitor } from "./monitor.ts";
import { querySeries } from "./prometheus.ts";
import { resolvePrometheus } from "./resolve-prometheus.ts";

const prometheusUrl = process.env.PROMETHEUS_URL ?? "";
const brokers = (process.env.KAFKA_BOOTSTRAP ?? "").split(",").filter(Boolean);

describe("one Prometheus for health, the overview's series and alerts (real Prometheus)", () => {
  let h: DbHandle;
  beforeAll(async () => {
    if (!prometheusUrl) throw new Error("source the test environment's env.sh first: PROMETHEUS_URL is missing");
    h = await testDatabases()[0]!.open();
  });
  afterAll(async () => {
    await h?.close();
  });

  it("the series query and the alerts view ask the Prometheus the health snapshot shows up", async () => {
    const monitor = createHealthMonitor({
      db: h.prisma,
      log: pino({ level: "silent" }),
      kafka: new KafkaGateway({ brokers, timeoutMs: 2000 }),
      engine: createContainerEngine({ socketPath: "/nonexistent/docker.sock" }),
      intervalMs: 0,
      timeoutMs: 2000,
      probes: `prom-int=prometheus:${prometheusUrl}`,
      dlqTopicPattern: "^dlq",
      qualityByLayer: async () => [],
    });
    const snapshot = await monitor.runNow();
    const shown = snapshot.services.find((s) => s.service === "prom-int")!;
    expect(shown.status).toBe("up");
    const choice = resolvePrometheus(undefined, snapshot.services);
    expect(choice).toMatchObject({ origin: "probe", service: "prom-int", url: prometheusUrl });
    const series = await querySeries(choice, "job_duration_seconds", 5, 3000);
    expect(series.prometheusAsked).toBe(
      `asking probed Prometheus prom-int at ${prometheusUrl.replace(/^https?:\/\//, "")} (NEXUS_PROBES)`,
    );
    const alerts = await alertsWithPrometheus(h.prisma, monitor, false);
    expect(alerts.prometheusError).toBeNull();
    expect(alerts.prometheus).toEqual(shown.metrics.alerts);
    expect(alerts.prometheusAsked).toBe(series.prometheusAsked);
    // The pages read the choice from the snapshot: the same words as the series and the alerts.
    expect(snapshot.prometheus).toEqual({ available: true, origin: "probe", reason: series.prometheusAsked });
    await monitor.stop();
  });

  it("with NEXUS_PROMETHEUS_URL alone (no stack, no probe), the snapshot tells the pages to ask it", async () => {
    const monitor = createHealthMonitor({
      db: h.prisma,
      log: pino({ level: "silent" }),
      kafka: new KafkaGateway({ brokers, timeoutMs: 2000 }),
      engine: createContainerEngine({ socketPath: "/nonexistent/docker.sock" }),
      intervalMs: 0,
      timeoutMs: 2000,
      probes: "",
      prometheusUrl,
      dlqTopicPattern: "^dlq",
      qualityByLayer: async () => [],
    });
    const snapshot = await monitor.runNow();
    const series = await querySeries(
      resolvePrometheus(prometheusUrl, snapshot.services),
      "job_duration_seconds",
      5,
      3000,
    );
    expect(snapshot.prometheus).toEqual({ available: true, origin: "config", reason: series.prometheusAsked });
    expect(series.prometheusAsked).toBe(`asking NEXUS_PROMETHEUS_URL at ${prometheusUrl.replace(/^https?:\/\//, "")}`);
    // Its alerts too, although no probe watches it.
    const alerts = await alertsWithPrometheus(h.prisma, monitor, false, prometheusUrl);
    expect(alerts).toMatchObject({ prometheusError: null, prometheusAsked: series.prometheusAsked });
    expect(Array.isArray(alerts.prometheus)).toBe(true);
    await monitor.stop();
  });
});
