import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors.ts";
import { conditions } from "./alerts.ts";
import type { HealthSnapshot, ServiceHealth } from "./contract.ts";
import { rollUp } from "./rollup.ts";
import { parseProbeTargets } from "./targets.ts";

const svc = (service: string, cluster: ServiceHealth["cluster"], status: ServiceHealth["status"]): ServiceHealth => ({
  service,
  cluster,
  kind: "http",
  target: "x",
  status,
  detail: status === "up" ? "ok" : "connection refused (x)",
  latencyMs: 1,
  metrics: {},
  since: "2026-11-25T10:00:00.000Z",
  checkedAt: "2026-11-25T10:05:00.000Z",
});

describe("NEXUS_PROBES", () => {
  it("reads entries with default and explicit clusters", () => {
    expect(
      parseProbeTargets(
        "spark-batch=spark:http://h:8082, spark-x=spark:http://h:8080 ch@catalog=clickhouse:http://h:8123 pg=postgres:postgres://a:b@h/db s3=s3:http://h:9000 t=tcp:h:1",
      ),
    ).toEqual([
      { service: "spark-batch", cluster: "spark-batch", kind: "spark", url: "http://h:8082" },
      { service: "spark-x", cluster: "spark-streaming", kind: "spark", url: "http://h:8080" },
      { service: "ch", cluster: "catalog", kind: "clickhouse", url: "http://h:8123" },
      { service: "pg", cluster: "catalog", kind: "postgres", url: "postgres://a:b@h/db" },
      { service: "s3", cluster: "storage", kind: "s3", url: "http://h:9000" },
      { service: "t", cluster: "other", kind: "tcp", url: "h:1" },
    ]);
    expect(parseProbeTargets("")).toEqual([]);
  });

  it("names every bad entry, without echoing a password", () => {
    try {
      parseProbeTargets(
        "a=nope:http://h b@mars=http:http://h c=tcp:h d=http:ftp://h e=http:http://h e=http:http://h garbage pg=postgres:http://u:pw@h",
      );
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      const errors = (e as ValidationError).errors.map((x) => `${x.path}: ${x.message}`);
      expect(errors).toEqual([
        expect.stringMatching(/^NEXUS_PROBES\[0\]\.kind: /),
        expect.stringMatching(/^NEXUS_PROBES\[1\]\.cluster: /),
        "NEXUS_PROBES[2].url: host:port",
        "NEXUS_PROBES[3].url: an http(s):// URL",
        "NEXUS_PROBES[5].service: e is named twice",
        'NEXUS_PROBES[6]: "garbage" is not name[@cluster]=kind:url',
        "NEXUS_PROBES[7].url: a postgres:// URL",
      ]);
      expect(JSON.stringify(errors)).not.toContain("pw");
    }
  });
});

describe("roll-up", () => {
  it("is up when all are up, down when all are down, degraded in between; unknown with nothing probed", () => {
    const r = rollUp([
      svc("k", "kafka", "up"),
      svc("s1", "storage", "up"),
      svc("s2", "storage", "down"),
      svc("m", "monitoring", "down"),
    ]);
    expect(r.clusters.map((c) => [c.cluster, c.status, c.up, c.services])).toEqual([
      ["kafka", "up", 1, 1],
      ["storage", "degraded", 1, 2],
      ["monitoring", "down", 0, 1],
    ]);
    expect(r.clusters[1]!.problems).toEqual(["s2: connection refused (x)"]);
    expect(r.status).toBe("degraded");
    expect(rollUp([svc("a", "kafka", "down")]).status).toBe("down");
    expect(rollUp([svc("a", "kafka", "up")]).status).toBe("up");
    expect(rollUp([]).status).toBe("unknown");
  });
});

describe("alert conditions", () => {
  const snapshot: HealthSnapshot = {
    status: "degraded",
    checkedAt: "2026-11-25T10:05:00.000Z",
    intervalMs: 10000,
    clusters: [],
    services: [
      {
        ...svc("kafka", "kafka", "up"),
        kind: "kafka",
        metrics: {
          lag: [
            { group: "g", state: "STABLE", topic: "t", lag: 20_000, partitions: [] },
            { group: "h", state: "STABLE", topic: "t", lag: 5, partitions: [] },
          ],
        },
      },
      svc("s3", "storage", "down"),
    ],
    dlq: {
      total: 700,
      topics: [
        { topic: "dlq_a", messages: 600, growth: 500 },
        { topic: "dlq_b", messages: 100, growth: null },
      ],
    },
  };
  const inputs = {
    snapshot,
    qualityByLayer: [
      { layer: "gold", score: 79.5 },
      { layer: "silver", score: 80 },
    ],
  };

  it("quality under the threshold, per layer", () => {
    expect(conditions({ kind: "quality_score", threshold: 80 }, inputs)).toEqual([
      { subject: "layer=gold", value: 79.5, summary: 'data_quality_score{layer="gold"} is 79.5 (under 80)' },
    ]);
  });
  it("lag over the threshold, per group and topic", () => {
    expect(conditions({ kind: "consumer_lag", threshold: 10_000 }, inputs).map((c) => [c.subject, c.value])).toEqual([
      ["group=g topic=t", 20_000],
    ]);
  });
  it("DLQ growth over the threshold; no growth known yet means no alert", () => {
    expect(conditions({ kind: "dlq_growth", threshold: 100 }, inputs).map((c) => [c.subject, c.value])).toEqual([
      ["topic=dlq_a", 500],
    ]);
  });
  it("services down, counted from when they went down", () => {
    expect(conditions({ kind: "service_down", threshold: 0 }, inputs)).toEqual([
      {
        subject: "service=s3",
        value: 300,
        summary: "s3 (storage) is down: connection refused (x)",
        since: new Date("2026-11-25T10:00:00.000Z"),
      },
    ]);
  });
});
