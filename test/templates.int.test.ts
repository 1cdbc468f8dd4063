import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { normalizeDependsOn, planLevels } from "../server/stack/plan-levels.ts";
import { listTemplateNames, loadTemplate, templatesDir } from "../server/stack/templates.ts";

const SECRETS = {
  MINIO_ROOT_PASSWORD: "minio-secret-1",
  ICEBERG_DB_PASSWORD: "iceberg-secret",
  CLICKHOUSE_PASSWORD: "ch-secret",
  GRAFANA_ADMIN_PASSWORD: "grafana-secret",
};
const PROFILES = "hive,nessie,openmetadata,control-plane";
/** Only with the control-plane profile (nexus-production): the first admin's password of the control plane's image. */
const ADMIN = { NEXUS_ADMIN_PASSWORD: "admin-secret" };

/** The services Debian's docker-compose 1.29 sees in a template (it predates the top-level `name`, which is dropped). */
function composeCliServices(name: string, env: Record<string, string>): string[] {
  const dir = join(templatesDir(), name);
  const v1 = join(tmpdir(), `${name}-v1-${process.pid}.yaml`);
  writeFileSync(v1, readFileSync(join(dir, "compose.yaml"), "utf8").replace(/^name:.*$/m, ""));
  try {
    const run = (args: string[]) =>
      execFileSync("docker-compose", ["-f", v1, "--project-directory", dir, ...args], {
        env: { NODE_ENV: "test", PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
        timeout: 60_000,
      }).toString();
    run(["config", "-q"]);
    return run(["config", "--services"]).trim().split("\n").sort();
  } finally {
    rmSync(v1, { force: true });
  }
}

describe("compose templates", () => {
  it("are nexus-lite, nexus-local and nexus-production", () => {
    expect(listTemplateNames()).toEqual(["nexus-lite", "nexus-local", "nexus-production"]);
  });

  for (const name of ["nexus-production", "nexus-lite"]) {
    describe(name, () => {
      it("names every required variable when none is set, and nothing else", () => {
        const t = loadTemplate(name, {});
        expect([...new Set(t.compose.problems.map((p) => p.message.replace(/:.*/, "")))].sort()).toEqual(
          Object.keys(SECRETS)
            .map((v) => `required variable ${v} is missing`)
            .sort(),
        );
        expect(t.compose.problems.every((p) => p.line !== null)).toBe(true);
      });

      it("is valid for our validator and for the Compose CLI, which see the same services with and without profiles", () => {
        const base = loadTemplate(name, SECRETS);
        expect(base.compose.problems).toEqual([]);
        expect(base.compose.inactive.sort()).toEqual([
          ...(name === "nexus-production" ? ["control-plane"] : []),
          "hive-metastore",
          "nessie",
          "openmetadata",
          "openmetadata-migrate",
          "openmetadata-search",
        ]);
        const all = loadTemplate(name, { ...SECRETS, ...ADMIN, COMPOSE_PROFILES: PROFILES });
        expect(all.compose.problems).toEqual([]);
        // docker-compose 1.29's `config --services` lists every defined service, whatever the profiles.
        expect(composeCliServices(name, { ...SECRETS, ...ADMIN })).toEqual(Object.keys(all.compose.services).sort());
        expect(Object.keys(base.compose.services).sort()).toEqual(
          Object.keys(all.compose.services)
            .filter((s) => !base.compose.inactive.includes(s))
            .sort(),
        );
        // Every service has metadata (cluster, probe or one-shot), and the metadata names no service that is not there.
        expect(Object.keys(all.meta.services).sort()).toEqual(Object.keys(all.compose.services).sort());
        for (const [s, def] of Object.entries(all.compose.services)) {
          if (!all.meta.services[s]?.oneShot) expect(def.healthcheck, `${s} has a healthcheck`).toBeDefined();
          expect(def.init ?? def.restart === "no", `${s} runs with init or is a one-shot`).toBeTruthy();
        }
      });

      it("has the seed's topology: 3 KRaft brokers, both Spark clusters, the catalogs, monitoring and the DLQ topics", () => {
        const t = loadTemplate(name, SECRETS);
        const s = t.compose.services;
        expect(
          ["kafka-1", "kafka-2", "kafka-3"].every(
            (k) => (s[k]!.environment as Record<string, unknown>).KAFKA_PROCESS_ROLES === "broker,controller",
          ),
        ).toBe(true);
        expect(s["spark-stream-master"]!.ports).toEqual(["7077:7077", "8080:8080"]);
        expect(s["spark-batch-master"]!.ports).toEqual(["7078:7077", "8082:8080"]);
        for (const k of [
          "postgres-iceberg",
          "iceberg-rest",
          "minio-1",
          "clickhouse",
          "prometheus",
          "pushgateway",
          "grafana",
          "kafka-init",
          "minio-init",
        ])
          expect(s[k], k).toBeDefined();
        const init = JSON.stringify(s["kafka-init"]!.command);
        for (const topic of ["dlq_schema_validation_errors", "dlq_processing_errors", "dlq_failed_messages"])
          expect(init).toContain(topic);
        expect(init).toContain("--partitions 3 --replication-factor 3");
        expect((s.grafana!.environment as Record<string, string>).GF_SECURITY_ADMIN_PASSWORD).toBe("grafana-secret");
        if (name === "nexus-production") {
          expect(Object.keys(s).filter((k) => /^minio-\d$/.test(k))).toHaveLength(4);
          expect(Object.keys(s).filter((k) => /^spark-(stream|batch)-worker-\d$/.test(k))).toHaveLength(4);
          expect(s["spark-batch-worker-1"]!.environment as Record<string, unknown>).toMatchObject({
            SPARK_WORKER_MEMORY: "4g",
            SPARK_WORKER_CORES: 4,
          });
        } else {
          expect(Object.keys(s).filter((k) => /^minio-\d$/.test(k))).toEqual(["minio-1"]);
        }
      });

      it("gives Prometheus a valid configuration with the seed's jobs, the Pushgateway and this app, and valid rules", () => {
        const dir = mkdtempSync(join(tmpdir(), "prom-"));
        try {
          cpSync(join(templatesDir(), name, "monitoring"), dir, { recursive: true });
          const cfg = readFileSync(join(dir, "prometheus.yml"), "utf8");
          writeFileSync(
            join(dir, "prometheus.yml"),
            cfg
              .replace("/etc/prometheus/alert-rules.yml", join(dir, "alert-rules.yml"))
              .replace("/etc/prometheus/nexus-metrics.token", join(dir, "nexus-metrics.token")),
          );
          const out = execFileSync("promtool", ["check", "config", join(dir, "prometheus.yml")], {
            timeout: 30_000,
          }).toString();
          expect(out).toContain("is valid prometheus config file syntax");
          expect(out).toMatch(/SUCCESS: \d+ rules found/);
          for (const job of [
            "kafka-cluster",
            "spark-streaming",
            "spark-batch",
            "minio",
            "clickhouse",
            "postgresql",
            "pushgateway",
            "nexus-control-plane",
          ])
            expect(cfg).toContain(`job_name: ${job}`);
          expect(cfg).toMatch(
            /job_name: nexus-control-plane\n\s+metrics_path: \/api\/metrics\n\s+authorization:\n\s+credentials_file: \/etc\/prometheus\/nexus-metrics.token/,
          );
          expect(readFileSync(join(dir, "alert-rules.yml"), "utf8")).toMatch(
            /alert: LowQualityScore\n\s+expr: data_quality_score < 80\n\s+for: 5m/,
          );
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });

      it("provisions Grafana's datasource and the three dashboards from folders its container mounts", () => {
        const dir = join(templatesDir(), name, "monitoring", "grafana");
        const dashboards = readdirSync(join(dir, "dashboards")).map(
          (f) =>
            JSON.parse(readFileSync(join(dir, "dashboards", f), "utf8")) as {
              uid: string;
              title: string;
              panels: { targets: { expr: string }[] }[];
            },
        );
        expect(dashboards.map((d) => d.title).sort()).toEqual([
          "Nexus Data Platform - Data Quality",
          "Nexus Data Platform - Performance",
          "Nexus Data Platform - Platform Overview",
        ]);
        for (const d of dashboards)
          expect(d.panels.every((p) => p.targets.length > 0 && p.targets.every((t) => t.expr.length > 0))).toBe(true);
        const volumes = JSON.stringify(loadTemplate(name, SECRETS).compose.services.grafana!.volumes);
        expect(volumes).toContain("./monitoring/grafana/provisioning:/etc/grafana/provisioning");
        expect(readFileSync(join(dir, "provisioning", "dashboards", "dashboards.yml"), "utf8")).toContain(
          "path: /var/lib/grafana/dashboards",
        );
        expect(volumes).toContain("./monitoring/grafana/dashboards:/var/lib/grafana/dashboards");
      });
    });
  }

  it("nexus-production's control-plane profile runs the image on its own database in postgres-iceberg", () => {
    expect(
      loadTemplate("nexus-production", { ...SECRETS, COMPOSE_PROFILES: "control-plane" }).compose.problems,
    ).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^required variable NEXUS_ADMIN_PASSWORD is missing/) }),
    ]);
    const t = loadTemplate("nexus-production", { ...SECRETS, ...ADMIN, COMPOSE_PROFILES: "control-plane" });
    expect(t.compose.problems).toEqual([]);
    const cp = t.compose.services["control-plane"]!;
    expect(cp.image).toBe("nexus/control-plane:latest");
    expect(cp.environment).toMatchObject({
      DATABASE_URL: "postgresql://iceberg:iceberg-secret@postgres-iceberg:5432/nexus",
      NEXUS_ADMIN_PASSWORD: "admin-secret",
    });
    expect(cp.volumes).toEqual(["control-plane-data:/data", "/var/run/docker.sock:/var/run/docker.sock"]);
    expect(cp.depends_on).toEqual({ "postgres-iceberg": { condition: "service_healthy" } });
    expect(JSON.stringify(cp.healthcheck)).toContain("/api/healthz");
    const { levels, problems } = planLevels(
      Object.fromEntries(Object.entries(t.compose.services).map(([n, d]) => [n, normalizeDependsOn(d.depends_on)])),
    );
    expect(problems).toEqual([]);
    expect(levels.findIndex((l) => l.includes("control-plane"))).toBeGreaterThan(
      levels.findIndex((l) => l.includes("postgres-iceberg")),
    );
    const init = readFileSync(join(templatesDir(), "nexus-production", "postgres", "init.sql"), "utf8");
    expect(init).toContain("CREATE DATABASE nexus OWNER iceberg;");
  });

  it("nexus-local is valid for the Compose CLI too", () => {
    const t = loadTemplate("nexus-local", {});
    expect(t.compose.problems).toEqual([]);
    expect(composeCliServices("nexus-local", {})).toEqual(Object.keys(t.compose.services).sort());
  });
});
