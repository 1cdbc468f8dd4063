import { describe, expect, it } from "vitest";
import type { ServiceHealth } from "./contract.ts";
import { resolvePrometheus } from "./resolve-prometheus.ts";

const at = "2026-12-01T00:00:00.000Z";
const svc = (over: Partial<ServiceHealth>): ServiceHealth => ({
  service: "x",
  cluster: "monitoring",
  kind: "prometheus",
  target: "http://127.0.0.1:19090",
  status: "up",
  detail: "ready",
  latencyMs: 1,
  metrics: {},
  since: at,
  checkedAt: at,
  ...over,
});
const stackProm = (status: ServiceHealth["status"] = "up") =>
  svc({
    service: "nexus-local/prometheus",
    kind: "container",
    target: "nexus-local-prometheus-1",
    status,
    metrics: { state: "running", probeKind: "prometheus", probeUrl: "http://127.0.0.1:29090" },
  });
const probedProm = (status: ServiceHealth["status"] = "up") => svc({ service: "prometheus", status });

describe("resolvePrometheus", () => {
  it("asks NEXUS_PROMETHEUS_URL first, even with a stack and a probed Prometheus up", () => {
    const c = resolvePrometheus("http://prom.example:9090", [stackProm(), probedProm()]);
    expect(c).toMatchObject({
      url: "http://prom.example:9090",
      origin: "config",
      reason: "asking NEXUS_PROMETHEUS_URL at prom.example:9090",
    });
  });

  it("asks the Prometheus of a running stack before a probed one", () => {
    const c = resolvePrometheus(undefined, [probedProm(), stackProm()]);
    expect(c).toMatchObject({ url: "http://127.0.0.1:29090", origin: "stack", service: "nexus-local/prometheus" });
    expect(c.reason).toBe("asking Prometheus of stack nexus-local at 127.0.0.1:29090");
  });

  it("falls back to a probed Prometheus when the stack's is down, and says when the only one is down", () => {
    expect(resolvePrometheus(undefined, [stackProm("down"), probedProm()])).toMatchObject({
      origin: "probe",
      service: "prometheus",
      url: "http://127.0.0.1:19090",
    });
    expect(resolvePrometheus(undefined, [stackProm("down")]).reason).toMatch(
      /^asking Prometheus of stack nexus-local at 127.0.0.1:29090 \(down: /,
    );
  });

  it("ignores stack containers that are not Prometheus or not running, and says what to do when none is found", () => {
    const stopped = stackProm();
    stopped.metrics = { ...stopped.metrics, state: "exited" };
    const s3 = svc({
      service: "nexus-local/s3",
      kind: "container",
      metrics: { state: "running", probeKind: "s3", probeUrl: "http://127.0.0.1:29000" },
    });
    const c = resolvePrometheus(undefined, [stopped, s3]);
    expect(c.url).toBeNull();
    expect(c.reason).toMatch(/NEXUS_PROMETHEUS_URL.*NEXUS_PROBES/);
  });
});
