import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createContainerEngine } from "../../adapters/docker/index.ts";
import type { StackEvent } from "../apply-stack.ts";
import { parseCompose } from "../compose/parse-compose.ts";
import type { Template } from "../templates.ts";
import { swarmDriver } from "./driver.ts";
import { planPlacement } from "./placement.ts";
import { rollingUpdate, setReplicas } from "./service-update.ts";

// Needs a single-node swarm (scripts/test-env/swarm.sh up) and nexus/debian:bookworm (scripts/test-env/docker.sh up).
const engine = createContainerEngine({ socketPath: process.env.DOCKER_SOCKET });
const stack = `nexus-swarm-${randomUUID().slice(0, 8)}`;
const template: Template = {
  name: stack,
  dir: "/tmp",
  file: "/tmp/compose.yaml",
  meta: { title: stack, description: "", services: {}, postStart: [] },
  compose: parseCompose({
    yaml: `
name: ${stack}
services:
  db:
    image: nexus/debian:bookworm
    network_mode: host
    init: true
    command: ["sh", "-c", "sleep 1; touch /tmp/ready; sleep 600"]
    healthcheck: { test: "test -f /tmp/ready", interval: 300ms, retries: 50 }
    stop_grace_period: 1s
    deploy: { resources: { limits: { memory: 64m } } }
  migrate:
    image: nexus/debian:bookworm
    network_mode: host
    command: ["sh", "-c", "sleep 1; exit 0"]
    depends_on: { db: { condition: service_healthy } }
  app:
    image: nexus/debian:bookworm
    network_mode: host
    init: true
    command: ["sh", "-c", "sleep 600"]
    stop_grace_period: 1s
    environment: { MARKER: one }
    deploy: { update_config: { parallelism: 1, order: stop-first } }
    depends_on:
      db: { condition: service_healthy }
      migrate: { condition: service_completed_successfully }
`,
  }),
};
const docker = (...args: string[]) => execFileSync("docker", args, { encoding: "utf8" });
const settle = { db: "service_healthy", migrate: "service_completed_successfully", app: "service_started" } as const;

afterAll(async () => {
  await swarmDriver.down({ engine, template, volumes: true }).catch(() => undefined);
});

describe("the swarm driver on a single-node swarm", () => {
  it("deploys in start levels, as docker stack sees it, on the host network only", async () => {
    const events: StackEvent[] = [];
    const r = await swarmDriver.up({ engine, template, settle, onEvent: (e) => events.push(e) });
    expect(r.started.sort()).toEqual(["app", "db", "migrate"]);
    const at = (service: string, phase: string) => events.findIndex((e) => e.service === service && e.phase === phase);
    expect(at("db", "ready")).toBeGreaterThanOrEqual(0);
    expect(at("app", "creating")).toBeGreaterThan(
      events.findIndex((e) => e.service === "migrate" && /complete/.test(e.message)),
    );
    const services = docker("stack", "services", stack, "--format", "{{.Name}} {{.Replicas}}")
      .trim()
      .split("\n")
      .sort();
    expect(services).toEqual([`${stack}_app 1/1`, `${stack}_db 1/1`, `${stack}_migrate 0/1`]);
    const facts = await swarmDriver.facts(engine, template);
    expect(facts.get("db")).toMatchObject({ state: "running", health: "healthy" });
    expect(facts.get("migrate")).toMatchObject({ state: "exited", exitCode: 0 });
    // Nothing leaves 127.0.0.0/8: every service is on the host network and publishes nothing through the mesh.
    for (const name of services.map((s) => s.split(" ")[0]!)) {
      const spec = JSON.parse(docker("service", "inspect", name, "--format", "{{json .Spec}}")) as {
        EndpointSpec?: { Ports?: { PublishMode: string }[] };
      };
      expect((spec.EndpointSpec?.Ports ?? []).filter((p) => p.PublishMode !== "host")).toEqual([]);
    }
    for (const { c } of await swarmDriver.containers(engine, template))
      expect(docker("inspect", c.id, "--format", "{{.HostConfig.NetworkMode}}").trim()).toBe("host");
    // A second up changes nothing.
    const again = await swarmDriver.up({ engine, template, settle });
    expect(again.unchanged.sort()).toEqual(["app", "db", "migrate"]);
  }, 120_000);

  it("scales a service up and down, with progress per task", async () => {
    const events: StackEvent[] = [];
    const common = { engine, serviceName: `${stack}_app`, service: "app", condition: "service_started" as const };
    await setReplicas({ ...common, replicas: 2, onEvent: (e) => events.push(e) });
    expect((await swarmDriver.facts(engine, template)).get("app")?.replicas).toEqual({ desired: 2, running: 2 });
    expect(events.filter((e) => e.phase === "task" && /running/.test(e.message)).length).toBeGreaterThanOrEqual(1);
    await setReplicas({ ...common, replicas: 0 });
    expect((await swarmDriver.facts(engine, template)).get("app")?.replicas).toEqual({ desired: 0, running: 0 });
    await setReplicas({ ...common, replicas: 1 });
    expect(
      docker("stack", "services", stack, "--filter", `name=${stack}_app`, "--format", "{{.Replicas}}").trim(),
    ).toBe("1/1");
  }, 120_000);

  it("rolls an environment change out task by task", async () => {
    const events: StackEvent[] = [];
    await rollingUpdate({
      engine,
      serviceName: `${stack}_app`,
      service: "app",
      env: { MARKER: "two" },
      condition: "service_started",
      onEvent: (e) => events.push(e),
    });
    const [c] = (await swarmDriver.containers(engine, template)).filter(
      (x) => x.service === "app" && x.c.status === "running",
    );
    expect(docker("inspect", c!.c.id, "--format", "{{json .Config.Env}}")).toContain("MARKER=two");
    expect(events.some((e) => e.phase === "updating")).toBe(true);
  }, 120_000);

  it("plans placement against the node list the engine reports", async () => {
    const nodes = await engine.swarm.listNodes();
    const self = docker("info", "--format", "{{.Name}}").trim();
    expect(nodes).toEqual([expect.objectContaining({ hostname: self, role: "manager", state: "ready" })]);
    expect(planPlacement(nodes, { replicas: 2, constraints: ["node.role==manager"] }).perNode).toEqual({ [self]: 2 });
    const none = planPlacement(nodes, { replicas: 1, constraints: ["node.labels.zone==b"] });
    expect(none).toMatchObject({ perNode: {}, unplaced: 1 });
  });

  it("removes everything as docker stack rm does", async () => {
    await swarmDriver.down({ engine, template, volumes: true });
    expect(docker("stack", "ls", "--format", "{{.Name}}")).not.toContain(stack);
    expect(docker("ps", "-a", "--filter", `label=com.docker.stack.namespace=${stack}`, "-q").trim()).toBe("");
  }, 120_000);
});
