import { describe, expect, it } from "vitest";
import { findCycles, normalizeDependsOn, planLevels } from "./plan-levels.ts";

describe("normalizeDependsOn", () => {
  it("reads both Compose forms", () => {
    expect(normalizeDependsOn(["a", "b"])).toEqual({ a: "service_started", b: "service_started" });
    expect(normalizeDependsOn({ a: { condition: "service_healthy" }, b: null })).toEqual({
      a: "service_healthy",
      b: "service_started",
    });
    expect(normalizeDependsOn(undefined)).toEqual({});
  });
});

describe("planLevels", () => {
  it("orders the platform's services by dependency", () => {
    const { levels, problems } = planLevels({
      "kafka-1": {},
      "kafka-2": {},
      "kafka-3": {},
      "kafka-init": { "kafka-1": "service_healthy", "kafka-2": "service_healthy", "kafka-3": "service_healthy" },
      postgres: {},
      "iceberg-rest": { postgres: "service_healthy" },
      "spark-master": {},
      "spark-worker-1": { "spark-master": "service_started" },
      "stream-job": {
        "kafka-init": "service_completed_successfully",
        "iceberg-rest": "service_healthy",
        "spark-worker-1": "service_started",
      },
    });
    expect(problems).toEqual([]);
    expect(levels).toEqual([
      ["kafka-1", "kafka-2", "kafka-3", "postgres", "spark-master"],
      ["iceberg-rest", "kafka-init", "spark-worker-1"],
      ["stream-job"],
    ]);
  });

  it("reports unknown targets, self-dependencies and cycles with their path", () => {
    const { levels, problems } = planLevels({
      a: { b: "service_started" },
      b: { c: "service_started" },
      c: { a: "service_healthy" },
      d: { ghost: "service_started" },
      e: { e: "service_started" },
    });
    expect(levels).toEqual([]);
    expect(problems).toEqual([
      { path: "services.d.depends_on.ghost", message: "depends on ghost, which is not a service of this file" },
      { path: "services.e.depends_on.e", message: "e depends on itself" },
      { path: "services.a.depends_on", message: "dependency cycle: a → b → c → a" },
    ]);
  });

  it("finds each cycle once", () => {
    expect(findCycles({ a: { b: "service_started" }, b: { a: "service_started" } })).toEqual([["a", "b", "a"]]);
  });
});
