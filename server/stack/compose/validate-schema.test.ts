import { describe, expect, it } from "vitest";
import { validateComposeSchema } from "./validate-schema.ts";

describe("validateComposeSchema", () => {
  it("accepts a file using current Compose features", () => {
    expect(
      validateComposeSchema({
        name: "nexus-local",
        services: {
          kafka: {
            image: "k",
            init: true,
            network_mode: "host",
            healthcheck: { test: ["CMD", "true"], interval: "1s" },
            stop_grace_period: "10s",
          },
          app: {
            image: "a",
            depends_on: { kafka: { condition: "service_healthy", restart: true } },
            profiles: ["x"],
            ports: ["8080:80"],
          },
        },
        volumes: { data: {} },
      }),
    ).toEqual([]);
  });

  it("names unknown keys and wrong types with their paths", () => {
    const problems = validateComposeSchema({
      services: {
        web: {
          image: "nginx",
          imagee: "typo",
          ports: [{ target: "eighty" }],
          depends_on: { db: { condition: "service_ready" } },
          stop_grace_period: "soon",
        },
      },
      extra: 1,
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: "extra", message: "unknown key extra" },
        { path: "services.web.imagee", message: "unknown key imagee" },
        { path: "services.web.ports[0].target", message: "must be integer" },
        { path: "services.web.depends_on.db.condition", message: "must be equal to one of the allowed values" },
        { path: "services.web.stop_grace_period", message: 'must match format "duration"' },
      ]),
    );
  });
});
