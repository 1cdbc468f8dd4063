import { describe, expect, it } from "vitest";
import { findHostPortClashes, publishedPorts } from "./host-ports.ts";

describe("publishedPorts", () => {
  it.each([
    ["8080:80", [8080], "tcp", ""],
    ["127.0.0.1:9000:9000/udp", [9000], "udp", "127.0.0.1"],
    ["9000-9002:9000-9002", [9000, 9001, 9002], "tcp", ""],
    ["80", [], "tcp", ""],
  ])("%s", (entry, ports, protocol, ip) => {
    expect(publishedPorts(entry)).toEqual({ ports, protocol, ip });
  });
  it("reads the long form", () => {
    expect(publishedPorts({ target: 80, published: "8081", protocol: "tcp", host_ip: "127.0.0.1" })).toEqual({
      ports: [8081],
      protocol: "tcp",
      ip: "127.0.0.1",
    });
  });
});

describe("findHostPortClashes", () => {
  it("finds the seed's clash on 9000 (MinIO and ClickHouse) and keeps distinct ports apart", () => {
    const problems = findHostPortClashes({
      minio: { ports: ["9000:9000", "9001:9001"] },
      clickhouse: { ports: ["8123:8123", "9000:9000"] },
      kafka: { ports: ["9092:9092"] },
    });
    expect(problems).toEqual([
      { path: "services.clickhouse.ports[1]", message: "host port 9000/tcp is also taken by services.minio.ports[0]" },
    ]);
  });

  it("counts exposed ports under host networking", () => {
    const problems = findHostPortClashes({
      "kafka-1": { network_mode: "host", expose: ["19092"] },
      "kafka-2": { network_mode: "host", expose: ["19092"] },
      web: { expose: ["19092"] }, // not host networking: not a host port
    });
    expect(problems).toEqual([
      {
        path: "services.kafka-2.expose[0]",
        message: "host port 19092/tcp is also taken by services.kafka-1.expose[0]",
      },
    ]);
  });

  it("lets the same port live on different addresses and protocols", () => {
    expect(
      findHostPortClashes({
        a: { ports: ["127.0.0.1:80:80"] },
        b: { ports: ["127.0.0.2:80:80"] },
        c: { ports: ["80:80/udp"] },
      }),
    ).toEqual([]);
  });
});
