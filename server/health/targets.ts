import "server-only";
import { z } from "zod";
import { redact } from "../adapters/probe/index.ts";
import { ValidationError } from "../errors.ts";
import { Cluster, ProbeKind, type ProbeKind as Kind } from "./contract.ts";

/** Something to probe: a hand-configured endpoint, the app's Kafka cluster, or a container of a running template. */
export type ProbeTarget = {
  service: string;
  cluster: Cluster;
  kind: Kind;
  /** URL, host:port or bootstrap list; for container probes the container name. */
  url: string;
  /** Container probes: the stack and service, the template's own probe of it, and whether it runs once and exits. */
  container?: { project: string; service: string; oneShot: boolean; probe?: { kind: Kind; url: string } };
};

const DEFAULT_CLUSTER: Record<Kind, Cluster> = {
  kafka: "kafka",
  spark: "spark-streaming",
  s3: "storage",
  moto: "storage",
  clickhouse: "storage",
  postgres: "catalog",
  iceberg: "catalog",
  openmetadata: "catalog",
  prometheus: "monitoring",
  pushgateway: "monitoring",
  grafana: "monitoring",
  http: "other",
  tcp: "other",
  container: "other",
};

const Entry = z
  .object({
    service: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$/, "a name: letters, digits, . _ / -"),
    cluster: Cluster.optional(),
    kind: ProbeKind.exclude(["container", "kafka"]),
    url: z.string().min(1),
  })
  .superRefine((e, ctx) => {
    if (e.kind === "tcp") {
      if (!/^[A-Za-z0-9.-]+:\d{1,5}$/.test(e.url))
        ctx.addIssue({ code: "custom", path: ["url"], message: "host:port" });
    } else if (e.kind === "postgres") {
      if (!/^postgres(ql)?:\/\//.test(e.url))
        ctx.addIssue({ code: "custom", path: ["url"], message: "a postgres:// URL" });
    } else if (!/^https?:\/\/[^\s]+$/.test(e.url))
      ctx.addIssue({ code: "custom", path: ["url"], message: "an http(s):// URL" });
  });

/**
 * Reads NEXUS_PROBES: entries `name[@cluster]=kind:url`, separated by commas or white space, e.g.
 * `spark-batch@spark-batch=spark:http://127.0.0.1:8082 s3=s3:http://127.0.0.1:9000 pg=postgres:postgres://u:p@127.0.0.1:5432/db`.
 * Every bad entry is named in one ValidationError.
 */
export function parseProbeTargets(spec: string): ProbeTarget[] {
  const out: ProbeTarget[] = [];
  const problems: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  spec
    .split(/[\s,]+/)
    .filter(Boolean)
    .forEach((raw, i) => {
      const m = /^([^=@]+)(?:@([^=]+))?=([a-z0-9]+):(.+)$/.exec(raw);
      if (!m) {
        problems.push({ path: `NEXUS_PROBES[${i}]`, message: `"${redact(raw)}" is not name[@cluster]=kind:url` });
        return;
      }
      const parsed = Entry.safeParse({ service: m[1], cluster: m[2], kind: m[3], url: m[4] });
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          problems.push({ path: `NEXUS_PROBES[${i}].${issue.path.join(".")}`, message: issue.message });
        return;
      }
      const e = parsed.data;
      if (seen.has(e.service))
        problems.push({ path: `NEXUS_PROBES[${i}].service`, message: `${e.service} is named twice` });
      seen.add(e.service);
      const cluster =
        e.cluster ?? (e.kind === "spark" && /batch/i.test(e.service) ? "spark-batch" : DEFAULT_CLUSTER[e.kind]);
      out.push({ service: e.service, cluster, kind: e.kind, url: e.url });
    });
  if (problems.length) throw new ValidationError("NEXUS_PROBES is invalid", problems);
  return out;
}
