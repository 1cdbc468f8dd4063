import { describe, expect, it } from "vitest";
import type { SwarmTask } from "../../adapters/docker/index.ts";
import { parseCompose } from "../compose/parse-compose.ts";
import { swarmChecks } from "./checks.ts";
import { swarmServiceSpec } from "./service-spec.ts";
import { judgeTasks } from "./wait-tasks.ts";

const compose = parseCompose({
  yaml: `
services:
  worker:
    image: nexus/spark:4.3.0
    network_mode: host
    mem_limit: 768m
    deploy:
      replicas: 2
      resources: { reservations: { cpus: "0.5", memory: 256m } }
      placement: { constraints: ["node.labels.spark==batch"], preferences: [{ spread: node.labels.zone }] }
      update_config: { parallelism: 1, delay: 5s, order: start-first, failure_action: rollback }
      restart_policy: { condition: on-failure, max_attempts: 3 }
  web:
    image: nexus/monitoring:bookworm
    container_name: web
    privileged: true
    build: .
    ports: ["8080:80", { target: 81, published: 8081, mode: ingress }]
    depends_on: { worker: { condition: service_healthy } }
`,
});

describe("swarmServiceSpec", () => {
  it("maps deploy: replicas, resources, placement, update and restart policy, on the host network", () => {
    const spec = swarmServiceSpec({
      stack: "s",
      name: "worker",
      service: compose.services.worker!,
      workingDir: "/t",
      oneShot: false,
      networks: ["hostid"],
    });
    expect(spec.Name).toBe("s_worker");
    expect(spec.Labels).toMatchObject({
      "com.docker.stack.namespace": "s",
      "com.docker.stack.image": "nexus/spark:4.3.0",
    });
    expect(spec.Mode).toEqual({ Replicated: { Replicas: 2 } });
    expect(spec.TaskTemplate).toMatchObject({
      Resources: {
        Limits: { MemoryBytes: 768 * 1024 ** 2 },
        Reservations: { NanoCPUs: 5e8, MemoryBytes: 256 * 1024 ** 2 },
      },
      Placement: {
        Constraints: ["node.labels.spark==batch"],
        Preferences: [{ Spread: { SpreadDescriptor: "node.labels.zone" } }],
      },
      RestartPolicy: { Condition: "on-failure", MaxAttempts: 3 },
      Networks: [{ Target: "hostid" }],
    });
    expect(spec.UpdateConfig).toMatchObject({
      Parallelism: 1,
      Delay: 5e9,
      Order: "start-first",
      FailureAction: "rollback",
    });
    expect(spec.EndpointSpec).toBeUndefined();
  });

  it("publishes ports in mode host only, and a one-shot is not restarted", () => {
    const spec = swarmServiceSpec({
      stack: "s",
      name: "web",
      service: compose.services.web!,
      workingDir: "/t",
      oneShot: true,
      networks: ["ov"],
    });
    expect(spec.EndpointSpec?.Ports).toEqual([
      { Protocol: "tcp", TargetPort: 80, PublishedPort: 8080, PublishMode: "host" },
      { Protocol: "tcp", TargetPort: 81, PublishedPort: 8081, PublishMode: "host" },
    ]);
    expect(spec.TaskTemplate).toMatchObject({ RestartPolicy: { Condition: "none" } });
  });
});

describe("swarmChecks", () => {
  it("names per service what Swarm cannot do (errors) or changes (warnings)", () => {
    const checks = swarmChecks(compose).filter((c) => c.service === "web");
    expect(checks.map((c) => [c.path, c.severity])).toEqual([
      ["services.web.build", "warning"],
      ["services.web.container_name", "warning"],
      ["services.web.privileged", "error"],
      ["services.web.depends_on", "warning"],
      ["services.web.ports[1]", "warning"],
    ]);
    expect(swarmChecks(compose).filter((c) => c.service === "worker")).toEqual([]);
  });
});

describe("judgeTasks", () => {
  const task = (slot: number, state: string, more: Partial<SwarmTask> = {}): SwarmTask => ({
    id: `t${slot}${state}`,
    serviceId: "s",
    slot,
    nodeId: "n",
    state,
    desiredState: "running",
    message: "",
    error: null,
    containerId: null,
    exitCode: null,
    updatedAt: `2026-12-01T00:00:0${slot}Z`,
    image: "i",
    ...more,
  });
  it("is met when every desired task runs; a rejected task fails at once", () => {
    expect(judgeTasks([task(1, "running"), task(2, "starting")], 2, "service_healthy", false)).toEqual({
      met: false,
      failure: null,
    });
    expect(judgeTasks([task(1, "running"), task(2, "running")], 2, "service_healthy", false).met).toBe(true);
    expect(judgeTasks([task(1, "rejected", { error: "No such image" })], 1, "service_started", false).failure).toMatch(
      /No such image/,
    );
  });
  it("a one-shot completes, or fails with its exit code", () => {
    expect(judgeTasks([task(1, "complete")], 1, "service_completed_successfully", true).met).toBe(true);
    expect(judgeTasks([task(1, "failed", { exitCode: 3 })], 1, "service_completed_successfully", true).failure).toMatch(
      /exit code 3/,
    );
  });
});
