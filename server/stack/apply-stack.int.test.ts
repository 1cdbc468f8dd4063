import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createContainerEngine } from "../adapters/docker/index.ts";
import { applyStack, stopStack, type StackEvent } from "./apply-stack.ts";
import { parseCompose } from "./compose/parse-compose.ts";
import { LABEL } from "./container-spec.ts";

// Needs the Docker engine and nexus/debian:bookworm from `bash scripts/test-env/docker.sh up`.
const engine = createContainerEngine({ socketPath: process.env.DOCKER_SOCKET });
const project = `nexus-apply-${randomUUID().slice(0, 8)}`;

const compose = (marker: string) =>
  parseCompose({
    yaml: `
services:
  db:
    image: nexus/debian:bookworm
    network_mode: host
    init: true
    command: ["sh", "-c", "sleep 1; touch /tmp/ready; sleep 600"]
    healthcheck: { test: "test -f /tmp/ready", interval: 300ms, retries: 50 }
    stop_grace_period: 2s
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
    environment: { MARKER: "${marker}" }
    depends_on:
      db: { condition: service_healthy }
      migrate: { condition: service_completed_successfully }
`,
  });

afterAll(async () => {
  for (const c of await engine.listByLabels({ [LABEL.project]: project })) await engine.remove(c.id);
});

describe("applyStack on the real Docker engine", () => {
  it("starts level by level with health and completion gating, labels like Compose, and stops in reverse", async () => {
    const events: StackEvent[] = [];
    const first = await applyStack({
      engine,
      project,
      compose: compose("one"),
      workingDir: "/srv/nexus",
      configFile: "compose.yaml",
      onEvent: (e) => events.push(e),
    });
    expect(first.started.sort()).toEqual(["app", "db", "migrate"]);
    const order = events.filter((e) => e.phase === "started").map((e) => e.service);
    expect(order).toEqual(["db", "migrate", "app"]);

    const containers = await engine.listByLabels({ [LABEL.project]: project });
    const byService = Object.fromEntries(containers.map((c) => [c.labels[LABEL.service], c]));
    expect(byService.db).toMatchObject({ status: "running", health: "healthy", name: `${project}-db-1` });
    expect(byService.migrate).toMatchObject({ status: "exited", exitCode: 0 });
    expect(byService.app!.labels).toMatchObject({
      [LABEL.oneoff]: "False",
      [LABEL.number]: "1",
      [LABEL.workingDir]: "/srv/nexus",
      [LABEL.configFiles]: "compose.yaml",
    });
    expect(byService.app!.labels[LABEL.dependsOn]).toBe(
      "db:service_healthy:false,migrate:service_completed_successfully:false",
    );

    // Re-applying the same file changes nothing; changing app's environment recreates app only.
    const again = await applyStack({
      engine,
      project,
      compose: compose("one"),
      workingDir: "/srv/nexus",
      configFile: "compose.yaml",
    });
    expect(again).toEqual({ started: [], unchanged: ["db", "migrate", "app"], recreated: [] });
    const changed = await applyStack({
      engine,
      project,
      compose: compose("two"),
      workingDir: "/srv/nexus",
      configFile: "compose.yaml",
    });
    expect(changed.recreated).toEqual(["app"]);
    expect(changed.unchanged.sort()).toEqual(["db", "migrate"]);
    const ids = (await engine.listByLabels({ [LABEL.project]: project })).map((c) => c.id);
    expect(new Set(ids).size).toBe(3);

    const stopEvents: StackEvent[] = [];
    const stopped = await stopStack({ engine, project, compose: compose("two"), onEvent: (e) => stopEvents.push(e) });
    expect(stopped).toEqual(["app", "db"]); // migrate had already completed
    expect(stopEvents.filter((e) => e.phase === "stopping").map((e) => e.service)).toEqual(["app", "db"]);
    for (const c of await engine.listByLabels({ [LABEL.project]: project })) expect(c.status).toBe("exited");
  }, 120_000);

  it("refuses a file with problems, and names images that are missing", async () => {
    await expect(
      applyStack({
        engine,
        project,
        compose: parseCompose({ yaml: "services:\n  a:\n    depends_on: [b]\n" }),
        workingDir: "/",
        configFile: "x",
      }),
    ).rejects.toThrow(/problems/);
    await expect(
      applyStack({
        engine,
        project,
        compose: parseCompose({ yaml: "services:\n  a:\n    image: nexus/not-built:1\n" }),
        workingDir: "/",
        configFile: "x",
      }),
    ).rejects.toThrow(/missing images, nothing was started: nexus\/not-built:1/);
  });
});
