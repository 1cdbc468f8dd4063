import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { containerSpec } from "../container-spec.ts";
import { composeObjectBinds } from "../compose-objects.ts";
import { objectFileProblems } from "../object-files.ts";
import { objectMounts, swarmServiceSpec } from "../swarm/service-spec.ts";
import { objectName } from "../swarm/stack-objects.ts";
import { relativeFile, serviceRefs } from "./file-objects.ts";
import { composeObjectChecks, swarmObjectChecks } from "./object-checks.ts";
import { parseCompose } from "./parse-compose.ts";

const yaml = `
services:
  app:
    image: nexus/debian:bookworm
    configs: [app_conf, { source: app_conf, target: /etc/app.conf, mode: 0440, uid: "100" }]
    secrets: [db_password, { source: db_password, target: db.txt }]
  bad:
    image: nexus/debian:bookworm
    secrets: [nope, from_env, outside]
    configs: [ext]
configs:
  app_conf: { file: ./conf/app.conf }
  ext: { external: true }
secrets:
  db_password: { file: ./db_password.txt }
  from_env: { environment: DB_PASSWORD }
  outside: { file: ../../etc/shadow }
`;
const c = parseCompose({ yaml });
const dirs: string[] = [];
const tempDir = () => {
  dirs.push(mkdtempSync(join(tmpdir(), "cfg-unit-")));
  return dirs.at(-1)!;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("configs and secrets of a Compose file", () => {
  it("reads short and long syntax with Compose's default targets", () => {
    expect(serviceRefs("config", "app", c.services.app!)).toMatchObject([
      { source: "app_conf", target: "/app_conf", mode: null, uid: null },
      { source: "app_conf", target: "/etc/app.conf", mode: 0o440, uid: "100", gid: null },
    ]);
    expect(serviceRefs("secret", "app", c.services.app!).map((r) => r.target)).toEqual([
      "/run/secrets/db_password",
      "/run/secrets/db.txt",
    ]);
  });

  it("reports unknown names and files outside the template folder with path and line", () => {
    expect(c.problems).toEqual([
      // The Compose schema this project carries predates environment-based secrets.
      { path: "secrets.from_env.environment", line: 16, message: "unknown key environment" },
      { path: "secrets.outside.file", line: 17, message: expect.stringContaining("outside the template folder") },
      { path: "services.bad.secrets[0]", line: 9, message: "bad: no secret named nope in the top-level secrets" },
    ]);
    expect(relativeFile("./a/../b.txt")).toBe("b.txt");
    expect(relativeFile("/etc/passwd")).toBeNull();
  });

  it("says per driver what it does not honour", () => {
    const compose = composeObjectChecks(c);
    expect(compose.filter((x) => x.severity === "error").map((x) => x.path)).toEqual([
      "services.bad.configs[0]",
      "services.bad.secrets[1]",
    ]);
    expect(compose.find((x) => x.severity === "warning")).toMatchObject({
      path: "services.app.configs[1]",
      message: expect.stringContaining("uid, gid and mode are not applied"),
    });
    expect(swarmObjectChecks(c).map((x) => x.path)).toEqual(["services.bad.secrets[1]"]);
  });

  it("finds missing, escaping and too large files in the template folder", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "conf"));
    writeFileSync(join(dir, "conf/app.conf"), "x".repeat(600 * 1024));
    symlinkSync("/etc/hostname", join(dir, "db_password.txt"));
    const p = objectFileProblems(c.objects, c.services, dir).map((x) => `${x.path}: ${x.message}`);
    expect(p).toEqual([
      expect.stringMatching(/^configs.app_conf.file: config app_conf \(used by app\): .* 614400 bytes/),
      expect.stringMatching(/^secrets.db_password.file: .*leads outside the template folder/),
      expect.stringMatching(/^secrets.outside.file: .*outside the template folder/),
    ]);
  });

  it("bind-mounts the files read-only under the compose driver", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "s.txt"), "pw");
    const ok = parseCompose({
      yaml: "services:\n  a: { image: x, secrets: [s, { source: s, target: /etc/s }] }\nsecrets:\n  s: { file: ./s.txt }\n",
    });
    const binds = composeObjectBinds(ok, dir)("a");
    expect(binds).toEqual([`${dir}/s.txt:/run/secrets/s:ro`, `${dir}/s.txt:/etc/s:ro`]);
    const spec = containerSpec({ project: "p", name: "a", service: ok.services.a!, workingDir: dir, configFile: "" });
    expect(spec.spec.HostConfig?.Binds).toBeUndefined();
    expect(() => composeObjectBinds(c, dir)).toThrow(/cannot be mounted/);
  });
});

describe("Swarm config and secret objects", () => {
  const objects = new Map([
    ["config:app_conf", { id: "c1", name: "st_app_conf-aaa" }],
    ["secret:db_password", { id: "s1", name: "st_db_password-bbb" }],
  ]);
  it("names objects by content", () => {
    expect(objectName("st", "db", Buffer.from("a"))).toMatch(/^st_db-[0-9a-f]{12}$/);
    expect(objectName("st", "db", Buffer.from("a"))).not.toBe(objectName("st", "db", Buffer.from("b")));
  });

  it("mounts them as files with uid, gid and mode (0444 by default)", () => {
    const refs = [...serviceRefs("config", "app", c.services.app!), ...serviceRefs("secret", "app", c.services.app!)];
    expect(objectMounts(refs, objects)).toEqual({
      Configs: [
        { File: { Name: "/app_conf", UID: "0", GID: "0", Mode: 0o444 }, ConfigID: "c1", ConfigName: "st_app_conf-aaa" },
        {
          File: { Name: "/etc/app.conf", UID: "100", GID: "0", Mode: 0o440 },
          ConfigID: "c1",
          ConfigName: "st_app_conf-aaa",
        },
      ],
      Secrets: [
        {
          File: { Name: "db_password", UID: "0", GID: "0", Mode: 0o444 },
          SecretID: "s1",
          SecretName: "st_db_password-bbb",
        },
        { File: { Name: "db.txt", UID: "0", GID: "0", Mode: 0o444 }, SecretID: "s1", SecretName: "st_db_password-bbb" },
      ],
    });
  });

  it("changes the service's hash when an object changes, so the service rolls to it", () => {
    const spec = (name: string) =>
      swarmServiceSpec({
        stack: "st",
        name: "app",
        service: c.services.app!,
        workingDir: "/t",
        oneShot: false,
        networks: [],
        objects: new Map([...objects, ["config:app_conf", { id: "c2", name }]]),
      });
    const a = spec("st_app_conf-aaa");
    expect(a).toMatchObject({ TaskTemplate: { ContainerSpec: { Configs: [{ ConfigID: "c2" }, { ConfigID: "c2" }] } } });
    expect(a.Labels["io.nexus.stack.config-hash"]).not.toBe(
      spec("st_app_conf-ccc").Labels["io.nexus.stack.config-hash"],
    );
  });
});
