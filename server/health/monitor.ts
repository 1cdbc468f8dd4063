import "server-only";
import type { Logger } from "pino";
import type { Db } from "../adapters/db/index.ts";
import type { ContainerEngine, ContainerState } from "../adapters/docker/index.ts";
import type { KafkaGateway } from "../adapters/kafka/kafka-gateway.ts";
import { LABEL } from "../stack/container-spec.ts";
import { projectOf } from "../stack/stack-status.ts";
import { listTemplateNames, loadTemplate, type Template } from "../stack/templates.ts";
import { evaluateAlerts, ensureBuiltInRules, webhookSender } from "./alerts.ts";
import { resolvePrometheus } from "./resolve-prometheus.ts";
import type { HealthSnapshot, ServiceHealth, Status } from "./contract.ts";
import { probeKafka } from "./kafka-probe.ts";
import { PROBES, ProbeFailure, type ProbeOutcome, tcpConnect, httpGet } from "./probes.ts";
import { rollUp } from "./rollup.ts";
import { parseProbeTargets, redact, type ProbeTarget } from "./targets.ts";

export type HealthMonitorOptions = {
  db: Db;
  log: Logger;
  kafka: KafkaGateway;
  engine: ContainerEngine;
  intervalMs: number;
  timeoutMs: number;
  probes: string;
  dlqTopicPattern: string;
  alertWebhookUrl?: string;
  /** NEXUS_PROMETHEUS_URL: the snapshot names the Prometheus every view asks, resolved here with it. */
  prometheusUrl?: string;
  /** The data_quality_score by layer, for LowQualityScore. */
  qualityByLayer: () => Promise<{ layer: string; score: number }[]>;
  templatesDir?: string;
};

export type HealthMonitor = {
  /** The last cycle's snapshot; runs a first cycle when none has run yet. */
  snapshot(): Promise<HealthSnapshot>;
  /** The last snapshot if any, without probing (for /api/metrics). */
  peek(): HealthSnapshot | null;
  /** Probes now (joins a cycle already under way). */
  runNow(): Promise<HealthSnapshot>;
  subscribe(fn: (s: HealthSnapshot) => void): () => void;
  start(): void;
  stop(): Promise<void>;
};

const DLQ_WINDOW_MS = 5 * 60_000;

/**
 * Probes every service on a schedule (and on demand), each probe bounded by the timeout: the app's Kafka
 * cluster, the hand-configured endpoints of NEXUS_PROBES and the containers of every template that has
 * any. Each cycle is stored as history, rolled up per cluster, evaluated against the alert rules and
 * pushed to subscribers (the SSE stream).
 */
export function createHealthMonitor(opts: HealthMonitorOptions): HealthMonitor {
  const configured = parseProbeTargets(opts.probes);
  const dlqPattern = new RegExp(opts.dlqTopicPattern);
  const webhook = opts.alertWebhookUrl ? webhookSender(opts.alertWebhookUrl) : undefined;
  const listeners = new Set<(s: HealthSnapshot) => void>();
  /** Status and since of each service, seeded from the latest stored cycle so that "since" survives a restart. */
  let previous: Map<string, { status: Status; since: Date }> | null = null;
  /** DLQ totals per topic over the last minutes, for growth. */
  let dlqSamples: { at: number; sizes: Map<string, number> }[] = [];
  let last: HealthSnapshot | null = null;
  let running: Promise<HealthSnapshot> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let rulesReady: Promise<void> | null = null;

  async function loadPrevious() {
    const latest = await opts.db.healthCheck.findFirst({ orderBy: { checkedAt: "desc" }, select: { checkedAt: true } });
    const rows = latest ? await opts.db.healthCheck.findMany({ where: { checkedAt: latest.checkedAt } }) : [];
    previous = new Map(rows.map((r) => [r.service, { status: r.status as Status, since: r.since }]));
    const kafkaRows = await opts.db.healthCheck.findMany({
      where: { kind: "kafka", checkedAt: { gte: new Date(Date.now() - DLQ_WINDOW_MS) } }, orderBy: { checkedAt: "asc" }, select: { checkedAt: true, metrics: true },
    });
    dlqSamples = kafkaRows.flatMap((r) => {
      const dlq = (r.metrics as { dlq?: { topic: string; messages: number }[] }).dlq;
      return dlq ? [{ at: r.checkedAt.getTime(), sizes: new Map(dlq.map((d) => [d.topic, d.messages])) }] : [];
    });
  }

  async function containerTargets(): Promise<{ targets: ProbeTarget[]; states: Map<string, ContainerState> }> {
    const targets: ProbeTarget[] = [];
    const states = new Map<string, ContainerState>();
    for (const name of listTemplateNames(opts.templatesDir)) {
      let t: Template;
      try {
        t = loadTemplate(name, process.env, opts.templatesDir);
      } catch {
        continue; // a broken template is reported on the Stack page, not here
      }
      const project = projectOf(t);
      let containers: ContainerState[];
      try {
        containers = await opts.engine.listByLabels({ [LABEL.project]: project });
      } catch {
        return { targets, states }; // no engine: nothing of ours runs in containers that we could see
      }
      for (const c of containers) {
        const service = c.labels[LABEL.service];
        if (!service) continue;
        const meta = t.meta.services[service];
        const key = `${project}/${service}`;
        states.set(key, c);
        const probe = meta?.probe
          ? { kind: meta.probe.kind, url: meta.probe.kind === "tcp" ? `${meta.probe.host}:${meta.probe.port}` : `http://${meta.probe.host}:${meta.probe.port}${meta.probe.path ?? (meta.probe.kind === "http" ? "/" : "")}` }
          : undefined;
        targets.push({ service: key, cluster: meta?.cluster ?? "other", kind: "container", url: c.name, container: { project, service, oneShot: meta?.oneShot ?? false, probe } });
      }
    }
    return { targets, states };
  }

  async function probeContainer(target: ProbeTarget, c: ContainerState): Promise<ProbeOutcome> {
    const p0 = target.container?.probe;
    // probeKind/probeUrl let resolvePrometheus find a stack's Prometheus in the snapshot.
    const metrics = { container: c.name, state: c.status, health: c.health, exitCode: c.status === "exited" ? c.exitCode : null, probeKind: p0?.kind ?? null, probeUrl: p0?.url ?? null };
    if (c.status === "exited") {
      if (target.container?.oneShot && c.exitCode === 0) return { status: "up", detail: "completed (exit code 0)", metrics };
      return { status: "down", detail: `container exited with code ${c.exitCode}`, metrics };
    }
    if (c.status !== "running") return { status: c.status === "restarting" || c.status === "created" ? "degraded" : "down", detail: `container ${c.status}`, metrics };
    if (c.health === "unhealthy") return { status: "down", detail: "container healthcheck failing", metrics };
    if (c.health === "starting") return { status: "degraded", detail: "starting (healthcheck not passed yet)", metrics };
    const p = target.container?.probe;
    if (p && p.kind !== "tcp" && p.kind !== "http") {
      // A service-aware probe (Spark master, S3, Prometheus…): its findings, with the container's state.
      const r = await PROBES[p.kind]!(p.url, opts.timeoutMs);
      return { status: r.status, detail: `running; ${r.detail}`, metrics: { ...r.metrics, ...metrics } };
    }
    if (p?.kind === "tcp") await tcpConnect(p.url, opts.timeoutMs);
    else if (p?.kind === "http") {
      const r = await httpGet(p.url, opts.timeoutMs);
      if (r.status >= 400) throw new ProbeFailure(`HTTP ${r.status} from ${p.url}`);
    }
    return { status: "up", detail: `running${c.health ? ", healthy" : ""}${p ? `; ${p.url} answers` : ""}`, metrics };
  }

  async function probeOne(target: ProbeTarget, states: Map<string, ContainerState>): Promise<ProbeOutcome & { latencyMs: number }> {
    const t0 = performance.now();
    let timer: NodeJS.Timeout | undefined;
    // Every probe has its own deadline; this one is the backstop for a probe that ignores it.
    const deadline = new Promise<ProbeOutcome>((resolve) => {
      timer = setTimeout(() => resolve({ status: "down", detail: `timed out after ${opts.timeoutMs} ms (${redact(target.url)})`, metrics: {} }), opts.timeoutMs * 2 + 1000);
    });
    const work = (async (): Promise<ProbeOutcome> => {
      if (target.kind === "kafka") return probeKafka(opts.kafka, dlqPattern, opts.timeoutMs);
      if (target.kind === "container") return probeContainer(target, states.get(target.service)!);
      return PROBES[target.kind]!(target.url, opts.timeoutMs);
    })().catch((e: unknown): ProbeOutcome => ({
      status: "down", detail: e instanceof ProbeFailure ? e.message : `probe failed: ${(e as Error).message ?? String(e)}`, metrics: {},
    }));
    try {
      const r = await Promise.race([work, deadline]);
      return { ...r, latencyMs: Math.round(performance.now() - t0) };
    } finally {
      clearTimeout(timer);
    }
  }

  function dlqWithGrowth(services: ServiceHealth[], now: number): HealthSnapshot["dlq"] {
    const kafka = services.find((s) => s.kind === "kafka");
    const sizes = kafka?.status !== "down" ? (kafka?.metrics.dlq as { topic: string; messages: number }[] | undefined) : undefined;
    if (!sizes) return null;
    dlqSamples = dlqSamples.filter((s) => s.at >= now - DLQ_WINDOW_MS - 1);
    const oldest = dlqSamples[0];
    dlqSamples.push({ at: now, sizes: new Map(sizes.map((d) => [d.topic, d.messages])) });
    const topics = sizes.map((d) => {
      const before = oldest?.sizes.get(d.topic);
      return { topic: d.topic, messages: d.messages, growth: oldest === undefined ? null : Math.max(0, d.messages - (before ?? 0)) };
    });
    return { topics, total: topics.reduce((s, t) => s + t.messages, 0) };
  }

  async function cycle(): Promise<HealthSnapshot> {
    if (!previous) await loadPrevious();
    rulesReady ??= ensureBuiltInRules(opts.db);
    await rulesReady;
    const checkedAt = new Date();
    const { targets: containers, states } = await containerTargets();
    const targets: ProbeTarget[] = [{ service: "kafka", cluster: "kafka", kind: "kafka", url: opts.kafka.brokers.join(",") }, ...configured, ...containers];
    const results = await Promise.all(targets.map((t) => probeOne(t, states)));
    const services: ServiceHealth[] = targets.map((t, i) => {
      const r = results[i]!;
      const prev = previous!.get(t.service);
      const since = prev && prev.status === r.status ? prev.since : checkedAt;
      return {
        service: t.service, cluster: t.cluster, kind: t.kind, target: redact(t.url), status: r.status, detail: r.detail, latencyMs: r.latencyMs,
        metrics: r.metrics, since: since.toISOString(), checkedAt: checkedAt.toISOString(),
      };
    });
    previous = new Map(services.map((s) => [s.service, { status: s.status, since: new Date(s.since) }]));
    await opts.db.healthCheck.createMany({
      data: services.map((s) => ({
        service: s.service, cluster: s.cluster, kind: s.kind, target: s.target, status: s.status, detail: s.detail, latencyMs: s.latencyMs,
        metrics: JSON.parse(JSON.stringify(s.metrics, (_, v: unknown) => (typeof v === "bigint" ? Number(v) : v))) as object, since: new Date(s.since), checkedAt,
      })),
    });
    const { status, clusters } = rollUp(services);
    const choice = resolvePrometheus(opts.prometheusUrl, services);
    const snapshot: HealthSnapshot = {
      status, checkedAt: checkedAt.toISOString(), intervalMs: opts.intervalMs, clusters, services, dlq: dlqWithGrowth(services, checkedAt.getTime()),
      prometheus: { available: choice.url !== null, origin: choice.origin, reason: choice.reason },
    };
    try {
      await evaluateAlerts({ db: opts.db, log: opts.log, inputs: { snapshot, qualityByLayer: await opts.qualityByLayer() }, now: checkedAt, webhook });
    } catch (e) {
      opts.log.error({ err: e }, "alert evaluation failed");
    }
    last = snapshot;
    for (const fn of listeners) fn(snapshot);
    return snapshot;
  }

  function runNow(): Promise<HealthSnapshot> {
    running ??= cycle().finally(() => { running = null; });
    return running;
  }

  function schedule() {
    if (stopped || opts.intervalMs <= 0) return;
    timer = setTimeout(() => {
      runNow().catch((e: unknown) => opts.log.error({ err: e }, "health probe cycle failed")).finally(schedule);
    }, last ? opts.intervalMs : 0);
    timer.unref();
  }

  return {
    snapshot: () => (last ? Promise.resolve(last) : runNow()),
    peek: () => last,
    runNow,
    subscribe(fn) {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
    start() {
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}
