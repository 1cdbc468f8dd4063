import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCompose } from "./parse-compose.ts";
import { describeCauses, groupProblems } from "./problem-causes.ts";

const lite = () => parseCompose({ yaml: readFileSync("compose-templates/nexus-lite/compose.yaml", "utf8"), env: {} });

describe("groupProblems", () => {
  // nexus-lite without its .env once showed "13 problem(s)": four password variables, repeated per service.
  it("counts nexus-lite's missing passwords once each, without the services of inactive profiles", () => {
    const c = lite();
    expect(c.inactive).toContain("nessie");
    expect(
      c.problems.some((p) => p.path.startsWith("services.nessie.") || p.path.startsWith("services.openmetadata")),
    ).toBe(false);
    const causes = groupProblems(c.problems, { kind: "template", envFile: "compose-templates/nexus-lite/.env" });
    expect(causes.map((x) => x.variable)).toEqual([
      "MINIO_ROOT_PASSWORD",
      "ICEBERG_DB_PASSWORD",
      "CLICKHOUSE_PASSWORD",
      "GRAFANA_ADMIN_PASSWORD",
    ]);
    expect(describeCauses(causes)).toBe("4 problems");
    const iceberg = causes[1]!;
    expect(iceberg.services).toEqual(["postgres-iceberg", "iceberg-rest", "postgres-exporter"]);
    expect(iceberg.fix).toBe(
      "set ICEBERG_DB_PASSWORD in the environment of the Nexus app (then restart it) or in compose-templates/nexus-lite/.env",
    );
    expect(causes[0]!.fix).toContain("(the file says: set MINIO_ROOT_PASSWORD (at least 8 characters))");
  });

  it("keeps other problems as causes of their own, one per distinct message, and words the fix for an uploaded file", () => {
    const c = parseCompose({
      yaml: 'services:\n  a: { image: x, depends_on: [b] }\n  b: { image: x, depends_on: [a] }\n  c: { image: "${TAG:?}" }\n',
      env: {},
    });
    const causes = groupProblems(c.problems, { kind: "upload" });
    expect(causes.find((x) => x.variable === "TAG")?.fix).toBe("set TAG in the .env sent with the file (dotenv)");
    expect(causes.filter((x) => x.variable === null).length).toBeGreaterThan(0);
    expect(describeCauses(causes.slice(0, 1))).toBe("1 problem");
  });
});
