import "server-only";
import { z } from "zod";
import { httpGet, postgresConnections, ProbeFailure, redact, tcpConnect } from "../adapters/probe/index.ts";
import type { ProbeKind, ProbeMetrics, PrometheusAlert, Status } from "./contract.ts";

export type ProbeOutcome = { status: Status; detail: string; metrics: ProbeMetrics };

async function getOk(url: string, timeoutMs: number): Promise<string> {
  const r = await httpGet(url, timeoutMs);
  if (r.status < 200 || r.status >= 300)
    throw new ProbeFailure(`HTTP ${r.status}${r.statusText ? ` ${r.statusText}` : ""} from ${redact(url)}`);
  return r.body;
}

function json<T>(schema: z.ZodType<T>, body: string, url: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    throw new ProbeFailure(`${redact(url)} did not answer JSON`);
  }
  const r = schema.safeParse(raw);
  if (!r.success)
    throw new ProbeFailure(
      `${redact(url)} answered an unexpected shape (${r.error.issues[0]?.path.join(".") || "root"}: ${r.error.issues[0]?.message})`,
    );
  return r.data;
}

type Prober = (url: string, timeoutMs: number) => Promise<ProbeOutcome>;

const base = (url: string) => url.replace(/\/+$/, "");

const SparkMaster = z.object({
  status: z.string(),
  aliveworkers: z.number().optional(),
  cores: z.number().optional(),
  coresused: z.number().optional(),
  memory: z.number().optional(),
  memoryused: z.number().optional(),
  workers: z.array(z.object({ id: z.string().optional(), state: z.string() })).default([]),
  activeapps: z.array(z.unknown()).default([]),
  completedapps: z.array(z.unknown()).default([]),
});

async function spark(url: string, t: number): Promise<ProbeOutcome> {
  const u = `${base(url)}/json/`;
  const m = json(SparkMaster, await getOk(u, t), u);
  const alive = m.aliveworkers ?? m.workers.filter((w) => w.state === "ALIVE").length;
  const metrics = {
    workersAlive: alive,
    workers: m.workers.length,
    cores: m.cores ?? 0,
    coresUsed: m.coresused ?? 0,
    memoryMb: m.memory ?? 0,
    memoryUsedMb: m.memoryused ?? 0,
    runningApps: m.activeapps.length,
    completedApps: m.completedapps.length,
  };
  if (m.status !== "ALIVE") return { status: "degraded", detail: `master status ${m.status}`, metrics };
  if (alive === 0) return { status: "degraded", detail: "no alive workers", metrics };
  if (alive < m.workers.length)
    return { status: "degraded", detail: `${alive} of ${m.workers.length} workers alive`, metrics };
  return {
    status: "up",
    detail: `${alive} worker(s), ${metrics.coresUsed}/${metrics.cores} cores, ${metrics.runningApps} running app(s)`,
    metrics,
  };
}

async function s3(url: string, t: number): Promise<ProbeOutcome> {
  // MinIO's liveness endpoint; S3 servers without it (other S3 implementations) still prove they answer at "/".
  const live = await httpGet(`${base(url)}/minio/health/live`, t);
  if (live.status >= 200 && live.status < 300) return { status: "up", detail: "MinIO live", metrics: {} };
  if (live.status === 404 || live.status === 403 || live.status === 400) {
    const root = await httpGet(`${base(url)}/`, t);
    if (root.status < 500)
      return {
        status: "up",
        detail: `answers S3 requests (HTTP ${root.status} at /; no MinIO health endpoint)`,
        metrics: {},
      };
    throw new ProbeFailure(`HTTP ${root.status} from ${redact(url)}/`);
  }
  throw new ProbeFailure(`HTTP ${live.status} from ${redact(url)}/minio/health/live`);
}

/**
 * moto's S3 server (nexus-local's S3): it has no MinIO health endpoint (404 there), and GET / is S3's own
 * ListBuckets, which moto answers unsigned with 200 and a ListAllMyBucketsResult.
 */
async function moto(url: string, t: number): Promise<ProbeOutcome> {
  const body = await getOk(`${base(url)}/`, t);
  if (!body.includes("<ListAllMyBucketsResult"))
    return { status: "degraded", detail: "GET / did not answer a bucket list", metrics: {} };
  const buckets = (body.match(/<Bucket>/g) ?? []).length;
  return { status: "up", detail: `moto S3 answers ListBuckets (${buckets} bucket(s))`, metrics: { buckets } };
}

async function postgres(url: string, t: number): Promise<ProbeOutcome> {
  const { connections: n, maxConnections: max } = await postgresConnections(url, t);
  const metrics = { connections: n, maxConnections: max };
  if (n > max * 0.8) return { status: "degraded", detail: `${n} of ${max} connections in use (over 80 %)`, metrics };
  return { status: "up", detail: `select 1 ok; ${n} of ${max} connections`, metrics };
}

const PromAlerts = z.object({
  data: z.object({
    alerts: z.array(
      z.object({
        labels: z.record(z.string(), z.string()).default({}),
        annotations: z.record(z.string(), z.string()).default({}),
        state: z.string(),
        activeAt: z.string().optional(),
      }),
    ),
  }),
});
const PromTargets = z.object({
  data: z.object({
    activeTargets: z.array(z.object({ health: z.string(), labels: z.record(z.string(), z.string()).default({}) })),
  }),
});

async function prometheus(url: string, t: number): Promise<ProbeOutcome> {
  await getOk(`${base(url)}/-/ready`, t);
  const [alertsBody, targetsBody] = await Promise.all([
    getOk(`${base(url)}/api/v1/alerts`, t),
    getOk(`${base(url)}/api/v1/targets?state=active`, t),
  ]);
  const alerts: PrometheusAlert[] = json(PromAlerts, alertsBody, `${url}/api/v1/alerts`).data.alerts.map((a) => ({
    name: a.labels.alertname ?? "(unnamed)",
    state: a.state,
    severity: a.labels.severity ?? null,
    summary: a.annotations.summary ?? a.annotations.description ?? null,
    activeAt: a.activeAt ?? null,
    labels: a.labels,
  }));
  const targets = json(PromTargets, targetsBody, `${url}/api/v1/targets`).data.activeTargets;
  const down = targets.filter((x) => x.health !== "up");
  const firing = alerts.filter((a) => a.state === "firing").length;
  return {
    status: "up",
    detail: `ready; ${targets.length - down.length}/${targets.length} targets up; ${firing} alert(s) firing`,
    metrics: {
      targetsUp: targets.length - down.length,
      targetsDown: down.length,
      downJobs: [...new Set(down.map((d) => d.labels.job ?? "?"))],
      alertsFiring: firing,
      alerts,
    },
  };
}

const GrafanaHealth = z.object({ database: z.string(), version: z.string().optional() });

async function grafana(url: string, t: number): Promise<ProbeOutcome> {
  const u = `${base(url)}/api/health`;
  const h = json(GrafanaHealth, await getOk(u, t), u);
  if (h.database !== "ok")
    return { status: "degraded", detail: `database: ${h.database}`, metrics: { version: h.version ?? null } };
  return {
    status: "up",
    detail: `database ok${h.version ? `; version ${h.version}` : ""}`,
    metrics: { version: h.version ?? null },
  };
}

function simple(path: string, what: (body: string) => string | null): Prober {
  return async (url: string, t: number): Promise<ProbeOutcome> => {
    const body = await getOk(`${base(url)}${path}`, t);
    const bad = what(body);
    if (bad) return { status: "degraded", detail: bad, metrics: {} };
    return { status: "up", detail: `${path} ok`, metrics: {} };
  };
}

/** The HTTP and TCP probes by kind; Kafka and containers are probed by the monitor with the runtime's clients. */
export const PROBES: Partial<Record<ProbeKind, Prober>> = {
  spark,
  s3,
  moto,
  postgres,
  prometheus,
  grafana,
  iceberg: simple("/v1/config", (b) => (b.trim().startsWith("{") ? null : "/v1/config did not answer JSON")),
  clickhouse: simple("/ping", (b) => (b.trim() === "Ok." ? null : `/ping answered "${b.trim().slice(0, 40)}"`)),
  pushgateway: simple("/-/ready", () => null),
  openmetadata: simple("/api/v1/system/version", () => null),
  http: async (url, t) => {
    await getOk(url, t);
    return { status: "up", detail: "HTTP 2xx", metrics: {} };
  },
  tcp: async (hostPort, t) => {
    await tcpConnect(hostPort, t);
    return { status: "up", detail: "accepts connections", metrics: {} };
  },
};
