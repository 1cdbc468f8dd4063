import { describe, expect, it } from "vitest";
import { configHash, containerSpec, durationNs, parseBytes } from "./container-spec.ts";

describe("container-spec", () => {
  it("parses Compose durations and sizes", () => {
    expect(durationNs("1m30s")).toBe(90e9);
    expect(durationNs("500ms")).toBe(5e8);
    expect(durationNs(undefined)).toBeUndefined();
    expect(() => durationNs("soon")).toThrow(/invalid duration/);
    expect(parseBytes("512m")).toBe(512 * 1024 ** 2);
    expect(parseBytes("2g")).toBe(2 * 1024 ** 3);
  });

  it("hashes config independently of key order", () => {
    expect(configHash({ image: "a", environment: { X: "1", Y: "2" } })).toBe(
      configHash({ environment: { Y: "2", X: "1" }, image: "a" }),
    );
    expect(configHash({ image: "a" })).not.toBe(configHash({ image: "b" }));
  });

  it("maps a service to an Engine API create request", () => {
    const { spec, namedVolumes, stopGraceSeconds } = containerSpec({
      project: "nexus",
      name: "kafka-1",
      workingDir: "/srv",
      configFile: "compose.yaml",
      service: {
        image: "nexus/kafka:4.3.1",
        network_mode: "host",
        init: true,
        environment: { A: "1", B: null },
        command: "run --fast",
        volumes: ["kafka-1-data:/var/lib/kafka", "./conf:/etc/kafka:ro"],
        stop_grace_period: "30s",
        mem_limit: "1g",
        cpus: 1.5,
        healthcheck: { test: ["CMD", "true"], interval: "1s", retries: 5 },
      },
    });
    expect(spec).toMatchObject({
      name: "nexus-kafka-1-1",
      Image: "nexus/kafka:4.3.1",
      Env: ["A=1"],
      Cmd: ["/bin/sh", "-c", "run --fast"],
      StopTimeout: 30,
      Healthcheck: { Test: ["CMD", "true"], Interval: 1e9, Retries: 5 },
      HostConfig: {
        NetworkMode: "host",
        Init: true,
        Binds: ["nexus_kafka-1-data:/var/lib/kafka", "/srv/conf:/etc/kafka:ro"],
        Memory: 1024 ** 3,
        NanoCpus: 1.5e9,
      },
    });
    expect(namedVolumes).toEqual(["nexus_kafka-1-data"]);
    expect(stopGraceSeconds).toBe(30);
  });
});
