import { describe, expect, it } from "vitest";
import type { ServiceHealth } from "../health/contract.ts";
import { resolveCatalog } from "./source.ts";

const svc = (over: Partial<ServiceHealth>): ServiceHealth => ({
  service: "x",
  cluster: "catalog",
  kind: "container",
  target: "",
  status: "up",
  detail: "",
  latencyMs: 1,
  metrics: {},
  since: new Date(0).toISOString(),
  checkedAt: new Date(0).toISOString(),
  ...over,
});

describe("resolveCatalog", () => {
  it("prefers NEXUS_ICEBERG_URL", () => {
    expect(resolveCatalog("http://cat:8181", [])).toMatchObject({ url: "http://cat:8181", origin: "config" });
  });

  it("takes a running stack's iceberg service that is up over one that is down, then a probe", () => {
    const down = svc({
      service: "a/iceberg-rest",
      status: "down",
      metrics: { probeKind: "iceberg", probeUrl: "http://h:1", state: "running" },
    });
    const up = svc({
      service: "b/iceberg-rest",
      metrics: { probeKind: "iceberg", probeUrl: "http://h:2/v1/config", state: "running" },
    });
    expect(resolveCatalog(undefined, [down, up])).toMatchObject({ url: "http://h:2", origin: "stack" });
    expect(resolveCatalog(undefined, [svc({ service: "cat", kind: "iceberg", target: "http://p:3" })])).toMatchObject({
      url: "http://p:3",
      origin: "probe",
    });
  });

  it("says how to name one when there is none", () => {
    expect(resolveCatalog(undefined, [])).toMatchObject({
      url: null,
      reason: expect.stringContaining("NEXUS_ICEBERG_URL"),
    });
  });
});
