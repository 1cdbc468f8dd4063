import { describe, expect, it } from "vitest";
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
    const r = parseCompose({ yaml: good, dotenv: "PG_TAG=15\nPG_PASSWORD=from-dotenv\n", env: { PG_PASSWORD: "from-env" } });
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
    expect(some.levels).toEqual([["db", "om-migrate"], ["hive", "om"]]);
    // Two profiles on one host port clash only when both are active.
    expect(parseCompose({ yaml, env: { COMPOSE_PROFILES: "hive,nessie" } }).problems.map((p) => p.message)).toEqual([expect.stringContaining("9083")]);
  });

  it("reports a missing required variable at its line", () => {
    const r = parseCompose({ yaml: good, dotenv: "PG_TAG=15\n" });
    expect(r.problems).toEqual([{ path: "services.postgres.environment.POSTGRES_PASSWORD", line: 15, message: "required variable PG_PASSWORD is missing: set PG_PASSWORD" }]);
  });

  it("reports YAML syntax errors with their line, and never throws", () => {
    const r = parseCompose({ yaml: "services:\n  a:\n    image: x\n   bad: [\n" });
    expect(r.problems[0]).toMatchObject({ line: 4, message: expect.stringMatching(/same column/) });
    expect(r.services).toEqual({});
    expect(parseCompose({ yaml: "services:\n  a: {image: x}\n  a: {image: y}\n" }).problems[0]!.message).toMatch(/unique/i);
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
      { path: "services.c.depends_on.ghost", line: 9, message: "depends on ghost, which is not a service of this file" },
      { path: "services.a.depends_on", line: 4, message: "dependency cycle: a → b → a" },
      { path: "services.e.ports[0]", line: 15, message: "host port 8080/tcp is also taken by services.d.ports[0]" },
    ]);
  });
});
