import "server-only";
import type { Logger } from "pino";
import type { Db } from "../adapters/db/index.ts";
import type { ContainerEngine, ContainerState } from "../adapters/docker/index.ts";
import type { KafkaGateway } from "../adapters/kafka/index.ts";
import { ProbeFailure, redact } from "../adapters/probe/index.ts";
import { webhookSender, type WebhookDelivery } from "../adapters/webhook/index.ts";
import { evaluateAlerts, ensureBuiltInRules } from "./alerts.ts";
import { containerTargets, probeContainer } from "./container-probes.ts";
import type { HealthSnapshot, ServiceHealth, Status } from "./contract.ts";
import { createDlqGrowth } from "./dlq-growth.ts";
import { probeKafka } from "./kafka-probe.ts";
import { PROBES, type ProbeOutcome } from "./probes.ts";
import { resolvePrometheus } from "./resolve-prometheus.ts";
import { rollUp } from "./rollup.ts";
import { parseProbeTargets, type ProbeTarget } from "./targets.ts";

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
  /** Checked before every scheduled cycle: false skips it (an instance that is no longer sure it leads). */
  mayRun?: () => boolean;
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

type Previous = Map<string, { status: Status; since: Date }>;

/** Status and since of each service in the latest stored cycle, so that "since" survives a restart. */
async function loadPrevious(db: Db): Promise<Previous> {
  const latest = await db.healthCheck.findFirst({ orderBy: { checkedAt: "desc" }, select: { checkedAt: true } });
  const rows = latest ? await db.healthCheck.findMany({ where: { checkedAt: latest.checkedAt } }) : [];
  return new Map(rows.map((r) => [r.service, { status: r.status as Status, since: r.since }]));
}

type ProbeContext = { kafka: KafkaGateway; dlqPattern: RegExp; timeoutMs: number; states: Map<string, ContainerState> };

/** Probes one target within its deadline; any failure is a "down" outcome saying why. */
async function probeOne(target: ProbeTarget, ctx: ProbeContext): Promise<ProbeOutcome & { latencyMs: number }> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  // Every probe has its own deadline; this one is the backstop for a probe that ignores it.
  const deadline = new Promise<ProbeOutcome>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({ status: "down", detail: `timed out after ${ctx.timeoutMs} ms (${redact(target.url)})`, metrics: {} }),
      ctx.timeoutMs * 2 + 1000,
    );
  });
  const work = (async (): Promise<ProbeOutcome> => {
    if (target.kind === "kafka") return probeKafka(ctx.kafka, ctx.dlqPattern, ctx.timeoutMs);
    if (target.kind === "container") return probeContainer(target, ctx.states.get(target.service)!, ctx.timeoutMs);
    return PROBES[target.kind]!(target.url, ctx.timeoutMs);
  })().catch(
    (e: unknown): ProbeOutcome => ({
      status: "down",
      detail: e instanceof ProbeFailure ? e.message : `probe failed: ${(e as Error).message ?? String(e)}`,
      metrics: {},
    }),
  );
  try {
    const r = await Promise.race([work, deadline]);
    return { ...r, latencyMs: Math.round(performance.now() - t0) };
  } finally {
    clearTimeout(timer);
  }
}

/** The cycle's results as services, each keeping its "since" while its status holds. */
function toServices(
  targets: ProbeTarget[],
  results: (ProbeOutcome & { latencyMs: number })[],
  previous: Previous,
  checkedAt: Date,
): ServiceHealth[] {
  return targets.map((t, i) => {
    const r = results[i]!;
    const prev = previous.get(t.service);
    const since = prev && prev.status === r.status ? prev.since : checkedAt;
    return {
      service: t.service,
      cluster: t.cluster,
      kind: t.kind,
      target: redact(t.url),
      status: r.status,
      detail: r.detail,
      latencyMs: r.latencyMs,
      metrics: r.metrics,
      since: since.toISOString(),
      checkedAt: checkedAt.toISOString(),
    };
  });
}

/** Keeps the cycle as history (bigints in metrics stored as numbers). */
async function storeCycle(db: Db, services: ServiceHealth[], checkedAt: Date): Promise<void> {
  await db.healthCheck.createMany({
    data: services.map((s) => ({
      service: s.service,
      cluster: s.cluster,
      kind: s.kind,
      target: s.target,
      status: s.status,
      detail: s.detail,
      latencyMs: s.latencyMs,
      metrics: JSON.parse(
        JSON.stringify(s.metrics, (_, v: unknown) => (typeof v === "bigint" ? Number(v) : v)),
      ) as object,
      since: new Date(s.since),
      checkedAt,
    })),
  });
}

/** Evaluates the alert rules against a snapshot; a failure is logged, never fails the cycle. */
async function evaluateSafely(
  opts: HealthMonitorOptions,
  snapshot: HealthSnapshot,
  now: Date,
  webhook: WebhookDelivery | undefined,
): Promise<void> {
  try {
    await evaluateAlerts({
      db: opts.db,
      log: opts.log,
      inputs: { snapshot, qualityByLayer: await opts.qualityByLayer() },
      now,
      webhook,
    });
  } catch (e) {
    opts.log.error({ err: e }, "alert evaluation failed");
  }
}

/** One probe cycle: every target probed, the results stored, rolled up and evaluated against the alert rules. */
function createCycle(opts: HealthMonitorOptions): () => Promise<HealthSnapshot> {
  const configured = parseProbeTargets(opts.probes);
  const dlqPattern = new RegExp(opts.dlqTopicPattern);
  const webhook = opts.alertWebhookUrl ? webhookSender(opts.alertWebhookUrl) : undefined;
  const growth = createDlqGrowth();
  let previous: Previous | null = null;
  let rulesReady: Promise<void> | null = null;
  return async () => {
    if (!previous) {
      previous = await loadPrevious(opts.db);
      await growth.load(opts.db);
    }
    rulesReady ??= ensureBuiltInRules(opts.db);
    await rulesReady;
    const checkedAt = new Date();
    const { targets: containers, states } = await containerTargets(opts.engine, opts.templatesDir);
    const targets: ProbeTarget[] = [
      { service: "kafka", cluster: "kafka", kind: "kafka", url: opts.kafka.brokers.join(",") },
      ...configured,
      ...containers,
    ];
    const results = await Promise.all(
      targets.map((t) => probeOne(t, { kafka: opts.kafka, dlqPattern, timeoutMs: opts.timeoutMs, states })),
    );
    const services = toServices(targets, results, previous, checkedAt);
    previous = new Map(services.map((s) => [s.service, { status: s.status, since: new Date(s.since) }]));
    await storeCycle(opts.db, services, checkedAt);
    const { status, clusters } = rollUp(services);
    const choice = resolvePrometheus(opts.prometheusUrl, services);
    const snapshot: HealthSnapshot = {
      status,
      checkedAt: checkedAt.toISOString(),
      intervalMs: opts.intervalMs,
      clusters,
      services,
      dlq: growth.next(services, checkedAt.getTime()),
      prometheus: { available: choice.url !== null, origin: choice.origin, reason: choice.reason },
    };
    await evaluateSafely(opts, snapshot, checkedAt, webhook);
    return snapshot;
  };
}

/**
 * Probes every service on a schedule (and on demand), each probe bounded by the timeout: the app's Kafka
 * cluster, the hand-configured endpoints of NEXUS_PROBES and the containers of every template that has
 * any. Each cycle is stored as history, rolled up per cluster, evaluated against the alert rules and
 * pushed to subscribers (the SSE stream).
 */
export function createHealthMonitor(opts: HealthMonitorOptions): HealthMonitor {
  const cycle = createCycle(opts);
  const listeners = new Set<(s: HealthSnapshot) => void>();
  let last: HealthSnapshot | null = null;
  let running: Promise<HealthSnapshot> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  function runNow(): Promise<HealthSnapshot> {
    running ??= cycle()
      .then((snapshot) => {
        last = snapshot;
        for (const fn of listeners) fn(snapshot);
        return snapshot;
      })
      .finally(() => {
        running = null;
      });
    return running;
  }

  function schedule(delayMs = last ? opts.intervalMs : 0) {
    if (stopped || opts.intervalMs <= 0) return;
    timer = setTimeout(() => {
      if (opts.mayRun && !opts.mayRun()) return void schedule(Math.max(opts.intervalMs, 250));
      runNow()
        .catch((e: unknown) => opts.log.error({ err: e }, "health probe cycle failed"))
        .finally(() => schedule());
    }, delayMs);
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
