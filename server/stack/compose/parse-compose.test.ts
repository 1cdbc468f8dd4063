import { describe, expect, it } from "vitest";
import { ValidationError } from "../../errors.ts";
import { parseCompose } from "./parse-compose.ts";

const good = `
name: nexus-local
services:
  kafka-1:
    image: nexus/kafka:\${KAFKA_TAG:-4.3.1}
    network_mode: host
    expose: ["19092"]
  kafka-init:
    image: nexus/kafka:4.3.1
    depends_on:
      kafka-1: { condition: service_healthy }
  postgres:
    image: postgres:\${PG_TAG}
    environment:
      POSTGRES_PASSWORD: \${PG_PASSWORD:?set PG_PASSWORD}
`;

describe("parseCompose", () => {
  it("interpolates from .env and the environment (environment wins) and plans levels", () => {
    const r = parseCompose({
      yaml: good,
      dotenv: "PG_TAG=15\nPG_PASSWORD=from-dotenv\n",
      env: { PG_PASSWORD: "from-env" },
    });
    expect(r.problems).toEqual([]);
    expect(r.name).toBe("nexus-local");
    expect(r.services.postgres).toMatchObject({ image: "postgres:15", environment: { POSTGRES_PASSWORD: "from-env" } });
    expect(r.services["kafka-1"]!.image).toBe("nexus/kafka:4.3.1");
    expect(r.levels).toEqual([["kafka-1", "postgres"], ["kafka-init"]]);
  });

  it("leaves out services of inactive profiles, as docker compose does, and plans the active ones", () => {
    const yaml = `
services:
  db: { image: postgres, ports: ["5432:5432"] }
  hive: { image: apache/hive, profiles: [hive], depends_on: [db], ports: ["9083:9083"] }
  nessie: { image: nessie, profiles: [nessie], ports: ["9083:9083"] }
  om: { image: om, profiles: [openmetadata], depends_on: [om-migrate] }
  om-migrate: { image: om, profiles: [openmetadata] }
`;
    const none = parseCompose({ yaml, env: {} });
    expect(none.problems).toEqual([]);
    expect(Object.keys(none.services)).toEqual(["db"]);
    expect(none.inactive).toEqual(["hive", "nessie", "om", "om-migrate"]);
    const some = parseCompose({ yaml, env: { COMPOSE_PROFILES: "hive, openmetadata" } });
    expect(some.problems).toEqual([]);
    expect(some.levels).toEqual([
      ["db", "om-migrate"],
      ["hive", "om"],
    ]);
    // Two profiles on one host port clash only when both are active.
    expect(parseCompose({ yaml, env: { COMPOSE_PROFILES: "hive,nessie" } }).problems.map((p) => p.message)).toEqual([
      expect.stringContaining("9083"),
    ]);
  });

  it("reports a missing required variable at its line", () => {
    const r = parseCompose({ yaml: good, dotenv: "PG_TAG=15\n" });
    expect(r.problems).toEqual([
      {
        path: "services.postgres.environment.POSTGRES_PASSWORD",
        line: 15,
        message: "required variable PG_PASSWORD is missing: set PG_PASSWORD",
        variable: { name: "PG_PASSWORD", reason: "missing", hint: "set PG_PASSWORD" },
      },
    ]);
  });

  it("reports YAML syntax errors with their line, and never throws", () => {
    const r = parseCompose({ yaml: "services:\n  a:\n    image: x\n   bad: [\n" });
    expect(r.problems[0]).toMatchObject({ line: 4, message: expect.stringMatching(/same column/) });
    expect(r.services).toEqual({});
    expect(parseCompose({ yaml: "services:\n  a: {image: x}\n  a: {image: y}\n" }).problems[0]!.message).toMatch(
      /unique/i,
    );
    expect(parseCompose({ yaml: "- just\n- a list\n" }).problems[0]!.message).toMatch(/mapping/);
    expect(parseCompose({ yaml: "services:\n  a:\n    image: x\n    restrat: always\n" }).problems).toEqual([
      { path: "services.a.restrat", line: 4, message: "unknown key restrat" },
    ]);
  });

  it("collects plan problems with lines: unknown targets, cycles, missing images, host-port clashes", () => {
    const yaml = [
      "services:",
      "  a:",
      "    image: x",
      "    depends_on: [b]",
      "  b:",
      "    image: x",
      "    depends_on: [a]",
      "  c:",
      "    depends_on: [ghost]",
      "  d:",
      "    image: x",
      "    ports: ['8080:80']",
      "  e:",
      "    image: x",
      "    ports: ['8080:81']",
    ].join("\n");
    const r = parseCompose({ yaml });
    expect(r.levels).toEqual([]);
    expect(r.problems).toEqual([
      { path: "services.c", line: 9, message: "c has neither image nor build" },
      {
        path: "services.c.depends_on.ghost",
        line: 9,
        message: "depends on ghost, which is not a service of this file",
      },
      { path: "services.a.depends_on", line: 4, message: "dependency cycle: a → b → a" },
      { path: "services.e.ports[0]", line: 15, message: "host port 8080/tcp is also taken by services.d.ports[0]" },
    ]);
  });

  it("refuses a YAML alias bomb as a whole, at once", () => {
    const levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (let i = 1; i < 9; i++)
      levels.push(
        `l${i}: &l${i} [${Array(9)
          .fill(i === 1 ? "*a" : `*l${i - 1}`)
          .join(", ")}]`,
      );
    const yaml = `x-bomb:\n${levels.map((l) => `  ${l}`).join("\n")}\nservices:\n  s:\n    image: busybox\n`;
    const started = performance.now();
    expect(() => parseCompose({ yaml })).toThrow(ValidationError);
    expect(() => parseCompose({ yaml })).toThrow(/expands aliases more than 100 times/);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it("still merges anchors the way Compose files use them", () => {
    const yaml =
      "x-common: &common\n  restart: always\nservices:\n  a:\n    <<: *common\n    image: busybox\n  b:\n    <<: *common\n    image: busybox\n";
    const r = parseCompose({ yaml });
    expect(r.problems).toEqual([]);
    expect(r.services.b).toMatchObject({ restart: "always", image: "busybox" });
  });

  it("refuses interpolation nested 170,000 deep (1 MB) at once, naming the path and line", () => {
    const nested = `${"${a:-".repeat(170_000)}x${"}".repeat(170_000)}`;
    const refusal = (yaml: string) => {
      const started = performance.now();
      try {
        parseCompose({ yaml });
      } catch (e) {
        return { ms: performance.now() - started, error: e };
      }
      return { ms: performance.now() - started, error: undefined };
    };
    const plain = refusal(`services:\n  a:\n    image: busybox\n  web:\n    image: ${nested}\n`);
    expect(plain.ms).toBeLessThan(100);
    expect(plain.error).toBeInstanceOf(ValidationError);
    expect((plain.error as ValidationError).errors).toEqual([
      { path: "services.web.image", message: "line 5: interpolation nested deeper than 10 levels" },
    ]);
    // A double-quoted 1 MB scalar costs the YAML parser itself about 100 ms; still refused, never a stack overflow.
    const quoted = refusal(`services:\n  web:\n    environment:\n      A: "${nested}"\n`);
    expect(quoted.ms).toBeLessThan(1000);
    expect((quoted.error as ValidationError).errors).toEqual([
      { path: "services.web.environment.A", message: "line 4: interpolation nested deeper than 10 levels" },
    ]);
  });

  it("reports an image reference outside the registry's grammar, naming the service and the rule", () => {
    const r = parseCompose({
      yaml: 'services:\n  web:\n    image: "a\\0b"\n  db:\n    image: UPPER/case\n  ok:\n    image: x:::y\n',
    });
    expect(r.problems).toEqual([
      {
        path: "services.web.image",
        line: 3,
        message: expect.stringMatching(/^web: an image reference has only letters, digits/),
      },
      {
        path: "services.db.image",
        line: 5,
        message: expect.stringMatching(/^db: repository path components are lowercase/),
      },
      {
        path: "services.ok.image",
        line: 7,
        message: expect.stringMatching(/^ok: repository path components are lowercase/),
      },
    ]);
  });
});
