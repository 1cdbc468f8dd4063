import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { ContainerEngine } from "../adapters/docker/index.ts";
import { NotFoundError } from "../errors.ts";
import { loadTemplate } from "./templates.ts";
import { validateCompose } from "./validate.ts";

const root = mkdtempSync(join(tmpdir(), "cfg-validate-"));
mkdirSync(join(root, "demo"));
const template = `services:
  app: { image: nexus/debian:bookworm, secrets: [pw] }
secrets:
  pw: { file: ./later.txt }
`;
writeFileSync(join(root, "demo", "compose.yaml"), template);
writeFileSync(join(root, "demo", "pw.txt"), "never-shown");
// The configuration is parsed once per process (server/config.ts): parse it again with this templates folder.
const forgetConfig = () => delete (globalThis as Record<symbol, unknown>)[Symbol.for("nexus.config")];
vi.stubEnv("NEXUS_TEMPLATES_DIR", root);
forgetConfig();
afterAll(() => {
  vi.unstubAllEnvs();
  forgetConfig();
  rmSync(root, { recursive: true, force: true });
});
const engine = { imageExists: async () => true } as unknown as ContainerEngine;

const yaml = `services:
  app:
    image: nexus/debian:bookworm
    secrets: [pw, gone]
    configs: [{ source: c, target: /etc/c, mode: 0400 }]
configs:
  c: { file: ./missing.conf }
secrets:
  pw: { file: ./pw.txt }
  gone: { external: true }
`;

describe("validate: configs and secrets", () => {
  it("looks for the files in the template's folder and says what each driver does not honour", async () => {
    const r = await validateCompose(engine, yaml, undefined, "demo");
    expect(r.problems).toEqual([
      {
        path: "configs.c.file",
        line: 7,
        message: "config c (used by app): file ./missing.conf does not exist in the template folder",
      },
    ]);
    expect(r.compose.map((c) => `${c.severity} ${c.path}`)).toEqual([
      "warning services.app.configs[0]",
      "error services.app.secrets[1]",
    ]);
    expect(r.swarm).toEqual([]);
    expect(JSON.stringify(r)).not.toContain("never-shown");
  });

  it("checks no files without a template, and refuses an unknown one", async () => {
    expect((await validateCompose(engine, yaml)).problems).toEqual([]);
    await expect(validateCompose(engine, yaml, undefined, "nope")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("makes a missing file a problem of the template until the file is there", () => {
    expect(loadTemplate("demo").compose.problems).toEqual([
      {
        path: "secrets.pw.file",
        line: 4,
        message: "secret pw (used by app): file ./later.txt does not exist in the template folder",
      },
    ]);
    writeFileSync(join(root, "demo", "later.txt"), "pw");
    expect(loadTemplate("demo").compose.problems).toEqual([]);
  });
});
