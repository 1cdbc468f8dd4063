import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/databases.ts";
import type { DbHandle } from "../adapters/db/index.ts";
import { createContainerEngine } from "../adapters/docker/index.ts";
import { KafkaGateway } from "../adapters/kafka/kafka-gateway.ts";
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
  afterAll(async () => { await h?.close(); });

  it("the series query and the alerts view ask the Prometheus the health snapshot shows up", async () => {
    const monitor = createHealthMonitor({
      db: h.prisma, log: pino({ level: "silent" }), kafka: new KafkaGateway({ brokers, timeoutMs: 2000 }),
      engine: createContainerEngine({ socketPath: "/nonexistent/docker.sock" }), intervalMs: 0, timeoutMs: 2000,
      probes: `prom-int=prometheus:${prometheusUrl}`, dlqTopicPattern: "^dlq", qualityByLayer: async () => [],
    });
    const snapshot = await monitor.runNow();
    const shown = snapshot.services.find((s) => s.service === "prom-int")!;
    expect(shown.status).toBe("up");
    const choice = resolvePrometheus(undefined, snapshot.services);
    expect(choice).toMatchObject({ origin: "probe", service: "prom-int", url: prometheusUrl });
    const series = await querySeries(choice, "job_duration_seconds", 5, 3000);
    expect(series.prometheusAsked).toBe(`asking probed Prometheus prom-int at ${prometheusUrl.replace(/^https?:\/\//, "")} (NEXUS_PROBES)`);
    const alerts = await alertsWithPrometheus(h.prisma, monitor, false);
    expect(alerts.prometheusError).toBeNull();
    expect(alerts.prometheus).toEqual(shown.metrics.alerts);
    expect(alerts.prometheusAsked).toBe(series.prometheusAsked);
    await monitor.stop();
  });
});
