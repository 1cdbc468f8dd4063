import "server-only";
import type { Prisma } from "../../prisma/generated/client.ts";
import type { Db } from "../adapters/db/index.ts";
import type { KafkaGateway } from "../adapters/kafka/index.ts";
import type { Principal } from "../auth/index.ts";
import { ConflictError, NotFoundError, ValidationError, type FieldProblem } from "../errors.ts";
import { cancelJob, enqueueJob, getJob } from "../jobs/index.ts";
import type { DlqMessage, MessageRef, Replay, ReplayPlan, ReplayRequest } from "./contract.ts";
import { toDlqMessage } from "./messages.ts";
import { forEachDecision, type ReplaySpec } from "./replay-plan.ts";
import { decodeChunk } from "./journal.ts";
import { loadMapping } from "./scan.ts";
import { loadTargetRules, parkingRefusal, targetRefusal, type DlqScope, type TargetRules } from "./replay-targets.ts";
import { assertDlqTopic } from "./topics.ts";
import { findBlockingTargets } from "./check-targets.ts";
import { offsetOutsidePartition } from "./browse.ts";
import type { DeadLetterLog } from "./source.ts";

type ReplayRow = Awaited<ReturnType<Db["dlqReplay"]["findUniqueOrThrow"]>>;

export function toReplayView(r: ReplayRow): Replay {
  const selection = r.selection as MessageRef[] | null;
  return {
    id: r.id,
    jobId: r.jobId,
    sourceTopic: r.sourceTopic,
    targetTopic: r.targetTopic,
    mode: r.mode === "filter" ? "filter" : "selection",
    filter: (r.filter as Replay["filter"]) ?? null,
    selected: selection ? selection.length : null,
    state: r.state as Replay["state"],
    ratePerSecond: r.ratePerSecond,
    maxMessages: r.maxMessages,
    loopGuard: r.loopGuard,
    parkingTopic: r.parkingTopic,
    total: r.total,
    sent: r.sent,
    skipped: r.skipped,
    parked: r.parked,
    byTarget: r.byTarget as Record<string, number>,
    error: r.error,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

const SAMPLES = 3;

/**
 * The dry run: how many records go to which topic, with samples, which are skipped and why, and which targets block
 * the run (missing, or refused by Kafka's authorizer: the run would fail on them). Sends nothing.
 */
export async function planReplay(opts: {
  kafka: KafkaGateway;
  db: Db;
  spec: ReplaySpec;
  scope: DlqScope;
  /** Where the records are read (default: the topic on `kafka`); targets are always Kafka topics. */
  source?: DeadLetterLog;
}): Promise<ReplayPlan> {
  const [mapping, rules] = await Promise.all([
    loadMapping(opts.db, opts.spec.sourceTopic),
    loadTargetRules(opts.db, opts.scope),
  ]);
  const targets = new Map<string, { count: number; samples: DlqMessage[] }>();
  const skipped = new Map<string, { count: number; samples: MessageRef[] }>();
  const skip = (reason: string, ref: MessageRef) => {
    const s = skipped.get(reason) ?? { count: 0, samples: [] };
    s.count++;
    if (s.samples.length < SAMPLES) s.samples.push(ref);
    skipped.set(reason, s);
  };
  let total = 0;
  let parked = 0;
  const { scanned } = await forEachDecision({
    source: opts.source ?? opts.kafka,
    spec: opts.spec,
    mapping,
    rules,
    missing: (ref) => skip("selected offset holds no message (removed by retention, or a transaction marker)", ref),
    visit: (d) => {
      const ref = { partition: d.record.partition, offset: d.record.offset.toString() };
      if (d.outcome === "skip") return skip(d.reason, ref);
      if (d.outcome === "park") {
        parked++;
        return skip(`${d.reason}: parked in ${d.topic}`, ref);
      }
      total++;
      const t = targets.get(d.topic) ?? { count: 0, samples: [] };
      t.count++;
      if (t.samples.length < SAMPLES) t.samples.push(toDlqMessage(opts.spec.sourceTopic, d.record, 2048));
      targets.set(d.topic, t);
    },
  });
  // Every topic the run would write, and the override and parking topics the run's submission checks even when no record goes there.
  const written = new Map([...targets].map(([topic, t]) => [topic, t.count]));
  for (const t of [opts.spec.targetTopic, opts.spec.parkingTopic]) if (t && !written.has(t)) written.set(t, 0);
  if (opts.spec.parkingTopic && parked)
    written.set(opts.spec.parkingTopic, (written.get(opts.spec.parkingTopic) ?? 0) + parked);
  const blocking = await findBlockingTargets(opts.kafka, written);
  return {
    sourceTopic: opts.spec.sourceTopic,
    ok: blocking.length === 0,
    blocking,
    total,
    byTarget: [...targets].map(([topic, t]) => ({ topic, ...t })).sort((a, b) => b.count - a.count),
    skipped: [...skipped].map(([reason, s]) => ({ reason, ...s })),
    endOffsets: opts.spec.endOffsets,
    scanned,
  };
}

/** The override and parking topics of a request against the target rules: a 400 naming each refused one and its rule. */
export function assertTargetsAllowed(
  req: Pick<ReplayRequest, "targetTopic" | "parkingTopic">,
  rules: TargetRules,
): void {
  const problems: FieldProblem[] = [];
  const target = req.targetTopic ? targetRefusal(req.targetTopic, rules) : null;
  if (target) problems.push({ path: "body.targetTopic", message: target });
  const parking = req.parkingTopic ? parkingRefusal(req.parkingTopic, rules) : null;
  if (parking) problems.push({ path: "body.parkingTopic", message: parking });
  if (problems.length)
    throw new ValidationError(`replay target refused: ${problems.map((p) => p.message).join("; ")}`, problems);
}

/**
 * Checks the source is a dead-letter topic and the override and parking topics are allowed (both before Kafka
 * is asked), fixes what a replay covers now (end offsets), checks the targets exist, and queues it (or only plans it:
 * then missing targets are reported in the plan's `blocking`, not as a 404).
 */
export async function submitReplay(opts: {
  kafka: KafkaGateway;
  db: Db;
  scope: DlqScope;
  req: ReplayRequest;
  principal: Principal;
  kick: () => void;
}) {
  const { req, kafka, db, scope } = opts;
  await assertDlqTopic({ db, pattern: scope.dlqTopicPattern, topic: req.sourceTopic });
  assertTargetsAllowed(req, await loadTargetRules(db, scope));
  const offsets = await kafka.partitionOffsets(req.sourceTopic); // 404 for a missing topic
  // 404 names a missing target; the dry run lists it as blocking instead, with what else it found.
  if (!req.dryRun) for (const t of [req.targetTopic, req.parkingTopic]) if (t) await kafka.metadata([t]);
  const spec: ReplaySpec = {
    sourceTopic: req.sourceTopic,
    messages: req.messages ?? null,
    filter: req.filter ?? null,
    targetTopic: req.targetTopic ?? null,
    loopGuard: req.loopGuard,
    parkingTopic: req.parkingTopic ?? null,
    maxMessages: req.maxMessages ?? null,
    endOffsets: Object.fromEntries(offsets.map((p) => [String(p.partition), p.stable.toString()])),
  };
  if (req.messages) {
    const bad = req.messages.find((m) => !offsets[m.partition]);
    if (bad) throw new NotFoundError(`topic ${req.sourceTopic} has no partition ${bad.partition}`);
    // A selected offset past the end can hold no message the caller saw: a 404 naming the end, before anything is read.
    // One below the log start is left to the plan, which reports it as removed by retention.
    const past = req.messages.find((m) => BigInt(m.offset) >= offsets[m.partition]!.stable);
    if (past) throw new NotFoundError(offsetOutsidePartition(offsets[past.partition]!, BigInt(past.offset))!);
  }
  if (req.dryRun) return { dryRun: true as const, plan: await planReplay({ kafka, db, spec, scope }) };
  return { dryRun: false as const, replay: await queueReplay({ ...opts, spec }) };
}

/** Records a replay (its spec as fixed now) and queues its `dlq.replay` job: a Kafka topic's or an S3 prefix's alike. */
export async function queueReplay(opts: {
  db: Db;
  spec: ReplaySpec;
  req: Pick<ReplayRequest, "ratePerSecond">;
  principal: Principal;
  kick: () => void;
}): Promise<Replay> {
  const { db, spec, req } = opts;
  const row = await db.dlqReplay.create({
    data: {
      sourceTopic: spec.sourceTopic,
      targetTopic: spec.targetTopic,
      mode: spec.filter ? "filter" : "selection",
      filter: (spec.filter ?? undefined) as Prisma.InputJsonValue | undefined,
      selection: (spec.messages ?? undefined) as Prisma.InputJsonValue | undefined,
      ratePerSecond: req.ratePerSecond,
      maxMessages: spec.maxMessages,
      loopGuard: spec.loopGuard,
      parkingTopic: spec.parkingTopic,
      endOffsets: spec.endOffsets,
      createdBy: opts.principal.username,
    },
  });
  const job = await enqueueJob(db, {
    kind: "dlq.replay",
    payload: { replayId: row.id },
    createdBy: opts.principal.username,
    maxAttempts: 5,
  });
  const updated = await db.dlqReplay.update({ where: { id: row.id }, data: { jobId: job.id } });
  opts.kick();
  return toReplayView(updated);
}

export async function listReplays(db: Db, q: { topic?: string; limit: number }) {
  const rows = await db.dlqReplay.findMany({
    where: { sourceTopic: q.topic },
    orderBy: { createdAt: "desc" },
    take: q.limit,
  });
  return { replays: rows.map(toReplayView) };
}

export async function getReplay(db: Db, id: string): Promise<Replay> {
  const row = await db.dlqReplay.findUnique({ where: { id } });
  if (!row) throw new NotFoundError(`replay ${id} does not exist`);
  return toReplayView(row);
}

export async function replayJournal(db: Db, id: string, q: { limit: number; outcome?: "sent" | "skipped" | "parked" }) {
  await getReplay(db, id);
  const chunks = await db.dlqReplayChunk.findMany({ where: { replayId: id }, orderBy: { seq: "asc" } });
  const entries = [];
  let total = 0;
  for (const c of chunks) {
    for (const [partition, offset, outcome, targetTopic, reason] of decodeChunk(c.entries)) {
      if (q.outcome && outcome !== q.outcome) continue;
      total++;
      if (entries.length < q.limit)
        entries.push({ partition, offset, outcome, targetTopic, reason, at: c.createdAt.toISOString() });
    }
  }
  return { entries, total };
}

const FINISHED = new Set(["succeeded", "failed", "cancelled", "interrupted"]);

export async function controlReplay(db: Db, id: string, action: "pause" | "resume" | "cancel"): Promise<Replay> {
  const r = await getReplay(db, id);
  if (FINISHED.has(r.state)) throw new ConflictError(`replay ${id} is already ${r.state}`);
  if (action === "cancel") {
    await db.dlqReplay.update({ where: { id }, data: { pauseRequested: false } });
    if (r.jobId) await cancelJob(db, r.jobId).catch(() => undefined);
    // A queued job is cancelled at once; a running one stops at its next heartbeat and the handler records it.
    const job = r.jobId ? await getJob(db, r.jobId).catch(() => null) : null;
    if (!job || job.state === "cancelled")
      await db.dlqReplay.update({ where: { id }, data: { state: "cancelled", finishedAt: new Date() } });
  } else {
    await db.dlqReplay.update({ where: { id }, data: { pauseRequested: action === "pause" } });
  }
  return getReplay(db, id);
}
