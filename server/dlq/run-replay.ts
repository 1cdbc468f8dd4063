import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import type { Prisma } from "../../prisma/generated/client.ts";
import type { Db } from "../adapters/db/index.ts";
import type { KafkaGateway } from "../adapters/kafka/index.ts";
import {
  createTransactionalWriter,
  partitionForKey,
  type OutgoingRecord,
  type TransactionalWriter,
} from "../adapters/kafka/index.ts";
import { getMetrics } from "../metrics.ts";
import type { MessageFilter, MessageRef } from "./contract.ts";
import { encodeChunk, type JournalEntry } from "./journal.ts";
import { isErrorHeader, REPLAY_HEADER, replayValue } from "./normalize-error.ts";
import { forEachDecision, type Decision, type ReplaySpec } from "./replay-plan.ts";
import { newTally, recordKey, recoverFromTargets, tallyJournal, type ReplayTally } from "./replay-resume.ts";
import { loadTargetRules, type DlqScope } from "./replay-targets.ts";
import { loadMapping } from "./scan.ts";
import type { S3Store } from "../adapters/s3/index.ts";
import { replaySource } from "./s3-source.ts";
import type { DeadLetterLog } from "./source.ts";

type ReplayRow = Awaited<ReturnType<Db["dlqReplay"]["findUniqueOrThrow"]>>;

function specOf(row: ReplayRow): ReplaySpec {
  return {
    sourceTopic: row.sourceTopic,
    messages: (row.selection as MessageRef[] | null) ?? null,
    filter: (row.filter as MessageFilter | null) ?? null,
    targetTopic: row.targetTopic,
    loopGuard: row.loopGuard,
    parkingTopic: row.parkingTopic,
    maxMessages: row.maxMessages,
    endOffsets: row.endOffsets as Record<string, string>,
  };
}

type ReplayOptions = {
  db: Db;
  kafka: KafkaGateway;
  replayId: string;
  signal: AbortSignal;
  log: Logger;
  /** The replay's transactional writer; without one the run opens its own on the gateway's brokers and closes it. */
  writer?: TransactionalWriter;
  /** Targets are checked against the rules of this run's configuration, like the dry run's (replay-plan.ts decide). */
  scope: DlqScope;
  /** The bucket of S3 dead letters (a replay whose source is an S3 prefix reads it there). */
  s3?: S3Store | null;
  progress: (done: number, total: number | null, message: string) => Promise<void>;
};

/** One run's state, shared by its steps. */
type Run = ReplayOptions & {
  writer: TransactionalWriter;
  source: DeadLetterLog;
  /** Lets go of what reading the source holds open (an S3 object). */
  release: () => void;
  row: ReplayRow;
  spec: ReplaySpec;
  tally: ReplayTally;
  seq: number;
  total: number | null;
  targetStarts: Record<string, Record<string, string>>;
  partitionCounts: Map<string, number>;
  rr: number;
  started: number;
  sentThisRun: number;
  lastProgress: number;
};

const summaryOf = (t: ReplayTally) => `${t.counts.sent} sent, ${t.counts.skipped} skipped, ${t.counts.parked} parked`;
const doneOf = (t: ReplayTally) => t.counts.sent + t.counts.skipped + t.counts.parked;

/** The partition a record goes to: keyed records where a Java producer would put them, others round-robin. */
async function partitionOf(run: Run, topic: string, k: Buffer | null): Promise<number> {
  let n = run.partitionCounts.get(topic);
  if (n === undefined) {
    n = (await run.kafka.topicLayout(topic)).partitions;
    run.partitionCounts.set(topic, n);
  }
  const rr = run.rr++;
  return k && k.length ? partitionForKey(k, n) : rr % n;
}

/** The record as replayed: its own headers without error and earlier replay ones, plus this replay's. */
function replayHeaders(run: Run, r: Decision["record"]): Map<Buffer, Buffer> {
  const headers = new Map<Buffer, Buffer>();
  for (const [k, v] of r.headers)
    if (!isErrorHeader(k) && !k.startsWith("nexus-replay-")) headers.set(Buffer.from(k), v ?? Buffer.alloc(0));
  headers.set(Buffer.from(REPLAY_HEADER.id), Buffer.from(run.replayId));
  headers.set(Buffer.from(REPLAY_HEADER.sourceTopic), Buffer.from(run.spec.sourceTopic));
  headers.set(Buffer.from(REPLAY_HEADER.sourcePartition), Buffer.from(String(r.partition)));
  headers.set(Buffer.from(REPLAY_HEADER.sourceOffset), Buffer.from(r.offset.toString()));
  headers.set(Buffer.from(REPLAY_HEADER.count), Buffer.from(String(r.error.replayCount + 1)));
  if (r.object !== undefined) headers.set(Buffer.from(REPLAY_HEADER.sourceObject), Buffer.from(r.object));
  return headers;
}

/** The records to send for a batch of decisions, and the journal entries of every decision (skips included). */
async function outgoing(run: Run, out: Decision[]): Promise<{ messages: OutgoingRecord[]; entries: JournalEntry[] }> {
  const entries: JournalEntry[] = [];
  const messages: OutgoingRecord[] = [];
  for (const d of out) {
    const r = d.record;
    if (d.outcome === "skip") {
      entries.push([r.partition, r.offset.toString(), "skipped", null, d.reason]);
      continue;
    }
    const value = d.outcome === "send" ? replayValue(r.value, r.error.format) : r.value;
    messages.push({
      topic: d.topic,
      key: r.key ?? undefined,
      value: value ? Buffer.from(value) : undefined,
      headers: replayHeaders(run, r),
      partition: await partitionOf(run, d.topic, r.key),
    });
    entries.push([
      r.partition,
      r.offset.toString(),
      d.outcome === "send" ? "sent" : "parked",
      d.topic,
      d.outcome === "park" ? d.reason : null,
    ]);
  }
  return { messages, entries };
}

/** Notes each new target's end before the first record goes there, so a resumed run knows where to look. */
async function noteTargetStarts(run: Run, messages: OutgoingRecord[]): Promise<void> {
  const newTargets = [...new Set(messages.map((m) => m.topic))].filter((t) => !run.targetStarts[t]);
  if (!newTargets.length) return;
  for (const t of newTargets) {
    const offs = await run.kafka.partitionOffsets(t);
    run.targetStarts[t] = Object.fromEntries(offs.map((p) => [String(p.partition), p.high.toString()]));
  }
  await run.db.dlqReplay.update({
    where: { id: run.replayId },
    data: { targetStarts: run.targetStarts as Prisma.InputJsonValue },
  });
}

async function waitWhilePaused(run: Run): Promise<void> {
  const { db, replayId, signal } = run;
  await db.dlqReplay.update({ where: { id: replayId }, data: { state: "paused" } });
  await run.progress(doneOf(run.tally), run.total, "paused");
  for (;;) {
    await sleep(500, undefined, { signal });
    const r = await db.dlqReplay.findUniqueOrThrow({ where: { id: replayId }, select: { pauseRequested: true } });
    if (!r.pauseRequested) break;
  }
  await db.dlqReplay.update({ where: { id: replayId }, data: { state: "running" } });
}

/** Sends one batch in one transaction, journals it, reports progress, keeps to the rate and honours a pause. */
async function flush(run: Run, out: Decision[]): Promise<void> {
  if (!out.length) return;
  const { db, replayId, tally } = run;
  const { messages, entries } = await outgoing(run, out);
  if (messages.length) {
    await noteTargetStarts(run, messages);
    await run.writer.sendInTransaction(messages);
  }
  const metrics = getMetrics().dlqReplayed;
  for (const [, , outcome, target] of entries) {
    tally.add(outcome, target);
    metrics.inc({ outcome });
  }
  run.sentThisRun += messages.length;
  await db.dlqReplayChunk.create({
    data: { replayId, seq: run.seq++, entries: encodeChunk(entries), count: entries.length },
  });
  const now = Date.now();
  const state = await db.dlqReplay.update({
    where: { id: replayId },
    data: { ...tally.counts, byTarget: tally.byTarget },
    select: { pauseRequested: true },
  });
  if (now - run.lastProgress > 500) {
    run.lastProgress = now;
    await run.progress(doneOf(tally), run.total, summaryOf(tally));
  }
  // Rate limit: never ahead of ratePerSecond since this run started.
  const ahead = (run.sentThisRun / run.row.ratePerSecond) * 1000 - (Date.now() - run.started);
  if (ahead > 0) await sleep(ahead, undefined, { signal: run.signal });
  if (state.pauseRequested) await waitWhilePaused(run);
}

/**
 * Decides and sends every record not done yet, in batches. Reading the next batch overlaps the current transaction's
 * commit; transactions stay one at a time, in order. Answers how many selected offsets held no message.
 */
async function sendAll(run: Run): Promise<number> {
  const [mapping, rules] = await Promise.all([
    loadMapping(run.db, run.spec.sourceTopic),
    loadTargetRules(run.db, run.scope),
  ]);
  const batchSize = Math.max(1, Math.min(10_000, Math.floor(run.row.ratePerSecond / 5) || 1));
  let batch: Decision[] = [];
  let inflight: Promise<void> = Promise.resolve();
  const handOver = async (b: Decision[]) => {
    await inflight;
    inflight = flush(run, b);
    inflight.catch(() => undefined); // awaited later; this only keeps it from counting as unhandled meanwhile
  };
  let missing = 0;
  await forEachDecision({
    source: run.source,
    spec: run.spec,
    mapping,
    rules,
    signal: run.signal,
    missing: () => void missing++,
    visit: async (d) => {
      if (run.tally.done.has(recordKey(d.record.partition, d.record.offset))) return;
      batch.push(d);
      if (batch.length >= batchSize) {
        const b = batch;
        batch = [];
        await handOver(b);
      }
    },
  });
  await handOver(batch);
  await inflight;
  return missing;
}

/** Marks the replay running and gathers what earlier runs of it already did (see runReplay). */
async function startRun(opts: ReplayOptions & { writer: TransactionalWriter }): Promise<Run> {
  const { db, replayId } = opts;
  const row = await db.dlqReplay.findUniqueOrThrow({ where: { id: replayId } });
  const { source, endOffsets, release } = await replaySource({ kafka: opts.kafka, s3: opts.s3 ?? null, row });
  const spec = { ...specOf(row), endOffsets };
  await db.dlqReplay.update({ where: { id: replayId }, data: { state: "running", error: null } });
  // Fence an earlier run of this replay: its open transaction is aborted.
  await opts.writer.fence();
  const tally = newTally();
  const targetStarts = (row.targetStarts ?? {}) as Record<string, Record<string, string>>;
  let seq = await tallyJournal(db, replayId, tally);
  seq = await recoverFromTargets({ db, kafka: opts.kafka, log: opts.log, replayId, spec, tally, targetStarts, seq });
  const total = spec.messages ? Math.min(spec.messages.length, spec.maxMessages ?? Infinity) : null;
  return {
    ...opts,
    row,
    source,
    release,
    spec,
    tally,
    seq,
    total,
    targetStarts,
    partitionCounts: new Map(),
    rr: 0,
    started: Date.now(),
    sentThisRun: 0,
    lastProgress: 0,
  };
}

/**
 * Runs (or resumes) one replay, exactly once per record:
 * - records go out in Kafka transactions under a transactional id fixed per replay, so a restarted run
 *   fences the dead one and its open transaction is aborted, never half-visible to read_committed readers;
 * - after each commit the journal gets a chunk with every record's outcome;
 * - a resumed run first reads the targets (read_committed, from the offsets noted before the first send)
 *   for records carrying this replay's id, which covers a crash between a commit and its journal chunk.
 */
export async function runReplay(opts: ReplayOptions): Promise<{ sent: number; skipped: number; parked: number }> {
  const writer =
    opts.writer ??
    createTransactionalWriter({ brokers: opts.kafka.brokers, transactionalId: `nexus-replay-${opts.replayId}` });
  try {
    return await replay({ ...opts, writer });
  } finally {
    if (!opts.writer) await writer.close();
  }
}

async function replay(
  opts: ReplayOptions & { writer: TransactionalWriter },
): Promise<{ sent: number; skipped: number; parked: number }> {
  const run = await startRun(opts);
  const missing = await sendAll(run).finally(run.release);
  const { tally } = run;
  const held = missing ? `${missing} selected offset(s) held no message` : null;
  await opts.progress(doneOf(tally), run.total, `${summaryOf(tally)}${held ? `, ${held}` : ""}`);
  await opts.db.dlqReplay.update({
    where: { id: opts.replayId },
    data: { state: "succeeded", total: doneOf(tally), finishedAt: new Date(), error: held },
  });
  return tally.counts;
}
