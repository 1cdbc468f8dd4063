import { describe, expect, it } from "vitest";
import { dlqOps } from "@/server/dlq/operations";
import { jobOps } from "@/server/jobs/operations";
import { stackOps } from "@/server/stack/operations";
import { apiPath, qs } from "./api-path";

describe("apiPath", () => {
  it("fills the declared path's placeholders, encoded", () => {
    expect(apiPath(dlqOps.topic, { topic: "dlq.a b/c" })).toBe("/api/v1/dlq/topics/dlq.a%20b%2Fc");
    expect(apiPath(dlqOps.message, { topic: "t", partition: 0, offset: "42" })).toBe(
      "/api/v1/dlq/topics/t/messages/0/42",
    );
    expect(apiPath(stackOps.service, { name: "nexus-lite", service: "kafka", action: "restart" })).toBe(
      "/api/v1/stacks/nexus-lite/services/kafka/restart",
    );
  });

  it("appends the query in order, leaving out empty values", () => {
    expect(apiPath(jobOps.list)).toBe("/api/v1/jobs");
    expect(apiPath(jobOps.list, null, { limit: 100 })).toBe("/api/v1/jobs?limit=100");
    expect(apiPath(stackOps.logs, { name: "s" }, { tail: 200, services: "" })).toBe("/api/v1/stacks/s/logs?tail=200");
    expect(apiPath(stackOps.logs, { name: "s" }, { tail: 200, services: "a,b" })).toBe(
      "/api/v1/stacks/s/logs?tail=200&services=a%2Cb",
    );
  });

  it("qs leaves out undefined, null and empty strings", () => {
    expect(qs({ a: undefined, b: null, c: "", d: 0, e: false })).toBe("?d=0&e=false");
    expect(qs({})).toBe("");
  });
});
