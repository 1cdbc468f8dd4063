import "server-only";
import { connect } from "node:net";
import pg from "pg";
import { z } from "zod";
import type { ProbeKind, ProbeMetrics, PrometheusAlert, Status } from "./contract.ts";
import { redact } from "./targets.ts";

export type ProbeOutcome = { status: Status; detail: string; metrics: ProbeMetrics };

/** A probe that could not reach its service, with the reason in words an operator acts on. */
export class ProbeFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProbeFailure";
  }
}

const BODY_LIMIT = 1024 * 1024;

/** Why a connection failed, in words: connection refused, timed out, host not found… */
export function describeNetworkError(e: unknown, where: string, timeoutMs: number): string {
  const err = e as { name?: string; code?: string; cause?: { code?: string; name?: string; message?: string }; message?: string };
  const code = err.cause?.code ?? err.code;
  const name = err.name === "AbortError" || err.name === "TimeoutError" || err.cause?.name === "TimeoutError" ? "TimeoutError" : err.name;
  if (name === "TimeoutError" || code === "UND_ERR_CONNECT_TIMEOUT" || code === "ETIMEDOUT") return `timed out after ${timeoutMs} ms (${where})`;
  if (code === "ECONNREFUSED") return `connection refused (${where})`;
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return `connection reset (${where})`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `host not found (${where})`;
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return `host unreachable (${where})`;
  return `${err.cause?.message ?? err.message ?? String(e)} (${where})`;
}

/** GET with a deadline over the whole exchange and a body cap; network failures become ProbeFailure. */
export async function httpGet(url: string, timeoutMs: number): Promise<{ status: number; statusText: string; body: string }> {
  const where = redact(url);
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "manual", headers: { accept: "application/json, text/plain, */*" } });
    const reader = res.body?.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (reader) {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > BODY_LIMIT) {
          await reader.cancel();
          break;
        }
        chunks.push(value);
      }
    }
    return { status: res.status, statusText: res.statusText, body: Buffer.concat(chunks).toString("utf8") };
  } catch (e) {
    throw new ProbeFailure(describeNetworkError(e, where, timeoutMs));
  }
}

async function getOk(url: string, timeoutMs: number): Promise<string> {
  const r = await httpGet(url, timeoutMs);
  if (r.status < 200 || r.status >= 300) throw new ProbeFailure(`HTTP ${r.status}${r.statusText ? ` ${r.statusText}` : ""} from ${redact(url)}`);
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
  if (!r.success) throw new ProbeFailure(`${redact(url)} answered an unexpected shape (${r.error.issues[0]?.path.join(".") || "root"}: ${r.error.issues[0]?.message})`);
  return r.data;
}

export function tcpConnect(hostPort: string, timeoutMs: number): Promise<void> {
  const i = hostPort.lastIndexOf(":");
  const host = hostPort.slice(0, i);
  const port = Number(hostPort.slice(i + 1));
  return new Promise((resolve, reject) => {
    const sock = connect({ host, port });
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new ProbeFailure(`timed out after ${timeoutMs} ms (${hostPort})`));
    }, timeoutMs);
    sock.once("connect", () => {
      clearTimeout(timer);
      sock.destroy();
      resolve();
    });
    sock.once("error", (e) => {
      clearTimeout(timer);
      reject(new ProbeFailure(describeNetworkError(e, hostPort, timeoutMs)));
    });
  });
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
    workersAlive: alive, workers: m.workers.length, cores: m.cores ?? 0, coresUsed: m.coresused ?? 0,
    memoryMb: m.memory ?? 0, memoryUsedMb: m.memoryused ?? 0, runningApps: m.activeapps.length, completedApps: m.completedapps.length,
  };
  if (m.status !== "ALIVE") return { status: "degraded", detail: `master status ${m.status}`, metrics };
  if (alive === 0) return { status: "degraded", detail: "no alive workers", metrics };
  if (alive < m.workers.length) return { status: "degraded", detail: `${alive} of ${m.workers.length} workers alive`, metrics };
  return { status: "up", detail: `${alive} worker(s), ${metrics.coresUsed}/${metrics.cores} cores, ${metrics.runningApps} running app(s)`, metrics };
}

async function s3(url: string, t: number): Promise<ProbeOutcome> {
  // MinIO's liveness endpoint; S3 servers without it (other S3 implementations) still prove they answer at "/".
  const live = await httpGet(`${base(url)}/minio/health/live`, t);
  if (live.status >= 200 && live.status < 300) return { status: "up", detail: "MinIO live", metrics: {} };
  if (live.status === 404 || live.status === 403 || live.status === 400) {
    const root = await httpGet(`${base(url)}/`, t);
    if (root.status < 500) return { status: "up", detail: `answers S3 requests (HTTP ${root.status} at /; no MinIO health endpoint)`, metrics: {} };
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
  if (!body.includes("<ListAllMyBucketsResult")) return { status: "degraded", detail: "GET / did not answer a bucket list", metrics: {} };
  const buckets = (body.match(/<Bucket>/g) ?? []).length;
  return { status: "up", detail: `moto S3 answers ListBuckets (${buckets} bucket(s))`, metrics: { buckets } };
}

async function postgres(url: string, t: number): Promise<ProbeOutcome> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: t, query_timeout: t, statement_timeout: t });
  client.on("error", () => { /* reported through the query */ });
  try {
    await client.connect();
    await client.query("select 1");
    const r = await client.query<{ n: number; max: number }>(
      "select (select count(*)::int from pg_stat_activity) as n, (select setting::int from pg_settings where name = 'max_connections') as max");
    const { n, max } = r.rows[0]!;
    const metrics = { connections: n, maxConnections: max };
    if (n > max * 0.8) return { status: "degraded", detail: `${n} of ${max} connections in use (over 80 %)`, metrics };
    return { status: "up", detail: `select 1 ok; ${n} of ${max} connections`, metrics };
  } catch (e) {
    if (e instanceof ProbeFailure) throw e;
    const msg = (e as Error).message;
    if (/timeout/i.test(msg)) throw new ProbeFailure(`timed out after ${t} ms (${redact(url)})`);
    throw new ProbeFailure((e as { code?: string }).code ? describeNetworkError(e, redact(url), t) : `${msg} (${redact(url)})`);
  } finally {
    void client.end().catch(() => {});
  }
}

const PromAlerts = z.object({
  data: z.object({
    alerts: z.array(z.object({
      labels: z.record(z.string(), z.string()).default({}), annotations: z.record(z.string(), z.string()).default({}),
      state: z.string(), activeAt: z.string().optional(),
    })),
  }),
});
const PromTargets = z.object({ data: z.object({ activeTargets: z.array(z.object({ health: z.string(), labels: z.record(z.string(), z.string()).default({}) })) }) });

async function prometheus(url: string, t: number): Promise<ProbeOutcome> {
  await getOk(`${base(url)}/-/ready`, t);
  const [alertsBody, targetsBody] = await Promise.all([getOk(`${base(url)}/api/v1/alerts`, t), getOk(`${base(url)}/api/v1/targets?state=active`, t)]);
  const alerts: PrometheusAlert[] = json(PromAlerts, alertsBody, `${url}/api/v1/alerts`).data.alerts.map((a) => ({
    name: a.labels.alertname ?? "(unnamed)", state: a.state, severity: a.labels.severity ?? null,
    summary: a.annotations.summary ?? a.annotations.description ?? null, activeAt: a.activeAt ?? null, labels: a.labels,
  }));
  const targets = json(PromTargets, targetsBody, `${url}/api/v1/targets`).data.activeTargets;
  const down = targets.filter((x) => x.health !== "up");
  const firing = alerts.filter((a) => a.state === "firing").length;
  return {
    status: "up",
    detail: `ready; ${targets.length - down.length}/${targets.length} targets up; ${firing} alert(s) firing`,
    metrics: { targetsUp: targets.length - down.length, targetsDown: down.length, downJobs: [...new Set(down.map((d) => d.labels.job ?? "?"))], alertsFiring: firing, alerts },
  };
}

const GrafanaHealth = z.object({ database: z.string(), version: z.string().optional() });

async function grafana(url: string, t: number): Promise<ProbeOutcome> {
  const u = `${base(url)}/api/health`;
  const h = json(GrafanaHealth, await getOk(u, t), u);
  if (h.database !== "ok") return { status: "degraded", detail: `database: ${h.database}`, metrics: { version: h.version ?? null } };
  return { status: "up", detail: `database ok${h.version ? `; version ${h.version}` : ""}`, metrics: { version: h.version ?? null } };
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
  spark, s3, moto, postgres, prometheus, grafana,
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
