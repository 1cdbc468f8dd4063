import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContainerEngine } from "../adapters/docker/index.ts";
import { ValidationError } from "../errors.ts";
import { applyStack, type StackEvent } from "./apply-stack.ts";
import { parseCompose } from "./compose/parse-compose.ts";
import { LABEL } from "./container-spec.ts";

// A real registry (Debian's docker-registry, installed by scripts/test-env/docker.sh) on 127.0.0.1, which
// the engine trusts without TLS; the image pushed to it is this machine's nexus/debian:bookworm.
const engine = createContainerEngine({ socketPath: process.env.DOCKER_SOCKET });
const PORT = 25_000 + Math.floor(Math.random() * 900);
const image = `127.0.0.1:${PORT}/nexus/pull-test:${randomUUID().slice(0, 8)}`;
const project = `nexus-pull-${randomUUID().slice(0, 8)}`;
const dir = mkdtempSync(join(tmpdir(), "nexus-registry-"));
let registry: ChildProcess;
const docker = (...args: string[]) => execFileSync("docker", args, { timeout: 120_000 }).toString();

beforeAll(async () => {
  writeFileSync(
    join(dir, "config.yml"),
    `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${PORT}\n`,
  );
  registry = spawn("docker-registry", ["serve", join(dir, "config.yml")], { stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/v2/`)).ok) break;
    } catch {
      /* not yet */
    }
    await sleep(100);
  }
  docker("tag", "nexus/debian:bookworm", image);
  docker("push", "-q", image);
  docker("rmi", image);
}, 180_000);

afterAll(async () => {
  for (const c of await engine.listByLabels({ [LABEL.project]: project })) await engine.remove(c.id);
  try {
    docker("rmi", "-f", image);
  } catch {
    /* not pulled */
  }
  registry?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe("images: pull with progress, or fail before starting anything", () => {
  it("pulls a missing image from a reachable registry, reporting progress, then starts the service", async () => {
    expect(await engine.imageExists(image)).toBe(false);
    const events: StackEvent[] = [];
    const compose = parseCompose({
      yaml: `services:\n  app:\n    image: ${image}\n    network_mode: host\n    command: ["sleep", "600"]\n`,
    });
    const r = await applyStack({
      engine,
      project,
      compose,
      workingDir: "/",
      configFile: "compose.yaml",
      onEvent: (e) => events.push(e),
    });
    expect(r.started).toEqual(["app"]);
    const pulls = events.filter((e) => e.phase === "pulling" || e.phase === "pulled").map((e) => e.message);
    expect(pulls[0]).toBe(`pulling ${image}`);
    expect(pulls.at(-1)).toBe(`pulled ${image}`);
    expect(events.findIndex((e) => e.phase === "pulled")).toBeLessThan(events.findIndex((e) => e.phase === "creating"));
    expect(await engine.imageExists(image)).toBe(true);
  }, 120_000);

  it("names every image it cannot get, why, and how to build or load it, and starts nothing", async () => {
    const other = `nexus-pull-none-${randomUUID().slice(0, 8)}`;
    const compose = parseCompose({
      yaml: `services:\n  a:\n    image: nexus/not-built:1\n    network_mode: host\n  b:\n    image: 127.0.0.1:${PORT}/nexus/absent:1\n    network_mode: host\n  c:\n    image: 127.0.0.1:1/none/x:1\n    network_mode: host\n`,
    });
    let error: unknown;
    try {
      await applyStack({ engine, project: other, compose, workingDir: "/", configFile: "compose.yaml" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.message).toBe(
      `missing images, nothing was started: 127.0.0.1:1/none/x:1, 127.0.0.1:${PORT}/nexus/absent:1, nexus/not-built:1`,
    );
    expect(v.errors.map((e) => e.path)).toEqual([
      "image 127.0.0.1:1/none/x:1",
      `image 127.0.0.1:${PORT}/nexus/absent:1`,
      "image nexus/not-built:1",
    ]);
    expect(v.errors[0]!.message).toMatch(
      /load it with `docker load -i <archive>` or build it \(cannot pull 127\.0\.0\.1:1\/none\/x:1: .*connection refused/,
    );
    expect(v.errors[1]!.message).toMatch(/not found|unknown/i);
    expect(v.errors[2]!.message).toMatch(
      /^nexus\/not-built:1 is not on this engine: build it with `bash scripts\/test-env\/docker.sh up` \(cannot pull/,
    );
    expect(await engine.listByLabels({ [LABEL.project]: other })).toEqual([]);
  }, 120_000);
});
