import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { createContainerEngine } from "../../adapters/docker/index.ts";
import { parseCompose } from "../compose/parse-compose.ts";
import { composeDriver } from "../compose-driver.ts";
import type { Template } from "../templates.ts";
import { swarmDriver } from "./driver.ts";

// Needs a single-node swarm (scripts/test-env/swarm.sh up) and nexus/debian:bookworm (scripts/test-env/docker.sh up).
const engine = createContainerEngine({ socketPath: process.env.DOCKER_SOCKET });
const dir = mkdtempSync(join(tmpdir(), "cfg-int-"));
writeFileSync(join(dir, "app.conf"), "level=one\n");
writeFileSync(join(dir, "db_password.txt"), "s3cret-pw\n");
const yaml = `
services:
  app:
    image: nexus/debian:bookworm
    network_mode: host
    init: true
    command: ["sh", "-c", "sleep 600"]
    stop_grace_period: 1s
    configs: [{ source: app_conf, target: /etc/app.conf }]
    secrets: [{ source: db_password, mode: 0400 }]
configs:
  app_conf: { file: ./app.conf }
secrets:
  db_password: { file: ./db_password.txt }
`;
const templateOf = (name: string): Template => ({
  name,
  dir,
  file: join(dir, "compose.yaml"),
  meta: { title: name, description: "", services: {}, postStart: [] },
  compose: parseCompose({ yaml }),
});
const docker = (...args: string[]) =>
  execFileSync("docker", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
const objects = (kind: "config" | "secret", stack: string) =>
  docker(kind, "ls", "--filter", `label=com.docker.stack.namespace=${stack}`, "--format", "{{.Name}}");
const settle = { app: "service_started" } as const;

const swarmTemplate = templateOf(`cfg-${randomUUID().slice(0, 8)}`);
const composeTemplate = templateOf(`cfg-${randomUUID().slice(0, 8)}`);

afterAll(async () => {
  await swarmDriver.down({ engine, template: swarmTemplate, volumes: true }).catch(() => undefined);
  await composeDriver.down({ engine, template: composeTemplate, volumes: true }).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

/** The running container of the stack's app, once its config file reads `want`. */
async function appContainer(t: Template, driver: typeof swarmDriver, want: string): Promise<string> {
  for (let i = 0; i < 60; i++) {
    for (const { c } of await driver.containers(engine, t))
      if (c.status === "running" && docker("exec", c.id, "cat", "/etc/app.conf") === want) return c.id;
    await sleep(500);
  }
  throw new Error(`no running app container with ${want}`);
}

describe("configs and secrets on a single-node swarm", () => {
  const stack = swarmTemplate.name;
  it("mounts both files, rolls to a changed config and removes the old object", async () => {
    await swarmDriver.up({ engine, template: swarmTemplate, settle });
    let id = await appContainer(swarmTemplate, swarmDriver, "level=one");
    expect(docker("exec", id, "cat", "/run/secrets/db_password")).toBe("s3cret-pw");
    expect(docker("exec", id, "stat", "-c", "%a %u", "/run/secrets/db_password", "/etc/app.conf")).toBe("400 0\n444 0");
    const [firstConfig] = objects("config", stack).split("\n");
    expect(firstConfig).toMatch(new RegExp(`^${stack}_app_conf-[0-9a-f]{12}$`));
    expect(objects("secret", stack)).toMatch(new RegExp(`^${stack}_db_password-[0-9a-f]{12}$`));

    writeFileSync(join(dir, "app.conf"), "level=two\n");
    const r = await swarmDriver.up({ engine, template: swarmTemplate, settle });
    expect(r.recreated).toEqual(["app"]);
    id = await appContainer(swarmTemplate, swarmDriver, "level=two");
    expect(docker("exec", id, "cat", "/run/secrets/db_password")).toBe("s3cret-pw");
    const configs = objects("config", stack);
    expect(configs).not.toContain(firstConfig!);
    expect(configs.split("\n")).toHaveLength(1);

    await swarmDriver.down({ engine, template: swarmTemplate, volumes: true });
    expect(objects("config", stack)).toBe("");
    expect(objects("secret", stack)).toBe("");
  }, 120_000);
});

describe("configs and secrets with the compose driver", () => {
  it("bind-mounts both files read-only at their targets", async () => {
    writeFileSync(join(dir, "app.conf"), "level=three\n");
    await composeDriver.up({ engine, template: composeTemplate, settle });
    const id = await appContainer(composeTemplate, composeDriver, "level=three");
    expect(docker("exec", id, "cat", "/run/secrets/db_password")).toBe("s3cret-pw");
    expect(() => docker("exec", id, "sh", "-c", "echo x > /run/secrets/db_password")).toThrow();
    await composeDriver.down({ engine, template: composeTemplate, volumes: true });
  }, 60_000);
});
