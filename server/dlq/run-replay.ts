import { setTimeout as sleep } from "node:timers/promises";
import { Producer, murmur2 } from "@platformatic/kafka";
import type { Prisma } from "../../prisma/generated/client.ts";
import type { Db } from "../adapters/db/index.ts";
import { describeKafkaError, type KafkaGateway } from "../adapters/kafka/kafka-gateway.ts";
import type { Logger } from "pino";
import { isErrorHeader, REPLAY_HEADER, replayValue } from "./normalize-error.ts";
import { forEachDecision, type Decision, type ReplaySpec } from "./replay-plan.ts";
import { loadMapping } from "./scan.ts";
import { loadTargetRules, type DlqScope } from "./replay-targets.ts";
import { getMetrics } from "../metrics.ts";
import type { MessageFilter, MessageRef } from "./contract.ts";
import { decodeChunk, encodeChunk, type JournalEntry } from "./journal.ts";

const key = (partition: number, offset: bigint | string) => `${partition}:${offset}`;

function specOf(row: { sourceTopic: string; selection: unknown; filter: unknown; targetTopic: string | null; loopGuard: number; parkingTopic: string | null; maxMessages: number | null; endOffsets: unknown }): ReplaySpec {
  return {
    sourceTopic: row.sourceTopic, messages: (row.selection as MessageRef[] | null) ?? null, filter: (row.filter as MessageFilter | null) ?? null,
    targetTopic: row.targetTopic, loopGuard: row.loopGuard, parkingTopic: row.parkingTopic, maxMessages: row.maxMessages,
    endOffsets: row.endOffsets as Record<string, string>,
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
export async function runReplay(opts: {
  db: Db; kafka: KafkaGateway; replayId: string; signal: AbortSignal; log: Logger;
  /** Targets are checked against the rules of this run's configuration, like the dry run's (replay-plan.ts decide). */
  scope: DlqScope;
  progress: (done: number, total: number | null, message: string) => Promise<void>;
}): Promise<{ sent: number; skipped: number; parked: number }> {
  const { db, kafka, replayId, signal, log } = opts;
  const row = await db.dlqReplay.findUniqueOrThrow({ where: { id: replayId } });
  const spec = specOf(row);
  await db.dlqReplay.update({ where: { id: replayId }, data: { state: "running", error: null } });
  const [mapping, rules] = await Promise.all([loadMapping(db, spec.sourceTopic), loadTargetRules(db, opts.scope)]);

  const producer = new Producer({
    clientId: `nexus-replay-${replayId}`, bootstrapBrokers: kafka.brokers, idempotent: true, acks: -1,
    transactionalId: `nexus-replay-${replayId}`, timeout: 15_000, retries: 5, retryDelay: 300,
    // InitProducerId as a new producer (-1/-1): the client's default (0/0) is refused as fenced once an
    // earlier run of this transactional id holds an epoch.
    producerId: -1n, producerEpoch: -1,
  });
  try {
    // Fence an earlier run of this replay: InitProducerId aborts its open transaction.
    const fence = await producer.beginTransaction();
    await fence.cancel(); // nothing was sent in it: no EndTxn needed

    // What earlier runs already did: the journal, plus committed records in the targets carrying this replay's id.
    const done = new Set<string>();
    const counts = { sent: 0, skipped: 0, parked: 0 };
    const byTarget: Record<string, number> = {};
    /** Counts one journaled outcome (from the journal, from the targets after a crash, or just sent). */
    const tally = (outcome: JournalEntry[2], target: string | null) => {
      counts[outcome]++;
      if (outcome !== "skipped" && target) byTarget[target] = (byTarget[target] ?? 0) + 1;
    };
    const chunks = await db.dlqReplayChunk.findMany({ where: { replayId }, orderBy: { seq: "asc" } });
    let seq = chunks.length ? chunks.at(-1)!.seq + 1 : 0;
    for (const c of chunks) {
      for (const [p, o, outcome, target] of decodeChunk(c.entries)) {
        if (done.has(key(p, o))) continue;
        done.add(key(p, o));
        tally(outcome, target);
      }
    }
    const targetStarts = (row.targetStarts ?? {}) as Record<string, Record<string, string>>;
    const recovered: JournalEntry[] = [];
    for (const [topic, starts] of Object.entries(targetStarts)) {
      const offsets = await kafka.partitionOffsets(topic);
      for (const p of offsets) {
        let pos = BigInt(starts[p.partition] ?? "0");
        while (pos < p.stable) {
          const recs = await kafka.read(topic, p.partition, pos, { max: 5000, end: p.stable });
          if (!recs.length) break;
          for (const r of recs) {
            const h = new Map(r.headers.map(([k, v]) => [k, v?.toString("utf8") ?? null]));
            if (h.get(REPLAY_HEADER.id) !== replayId) continue;
            const sp = Number(h.get(REPLAY_HEADER.sourcePartition));
            const so = h.get(REPLAY_HEADER.sourceOffset) ?? "";
            if (done.has(key(sp, so))) continue;
            done.add(key(sp, so));
            const parked = topic === spec.parkingTopic && topic !== spec.targetTopic;
            recovered.push([sp, so, parked ? "parked" : "sent", topic, parked ? "recovered after a restart" : null]);
            tally(parked ? "parked" : "sent", topic);
          }
          pos = recs.at(-1)!.offset + 1n;
        }
      }
    }
    if (recovered.length) {
      await db.dlqReplayChunk.create({ data: { replayId, seq: seq++, entries: encodeChunk(recovered), count: recovered.length } });
      log.info({ replayId, recovered: recovered.length }, "replay resumed: records found in the targets that the journal had not recorded");
    }

    const partitionCounts = new Map<string, number>();
    const partitionOf = async (topic: string, k: Buffer | null, rr: number): Promise<number> => {
      let n = partitionCounts.get(topic);
      if (n === undefined) {
        n = (await kafka.metadata([topic])).topics.get(topic)!.partitionsCount;
        partitionCounts.set(topic, n);
      }
      // Keyed records land where a Java producer would put them (murmur2, positive); others round-robin.
      return k && k.length ? (murmur2(k) & 0x7fffffff) % n : rr % n;
    };

    const batchSize = Math.max(1, Math.min(10_000, Math.floor(row.ratePerSecond / 5) || 1));
    const total = spec.messages ? Math.min(spec.messages.length, spec.maxMessages ?? Infinity) : null;
    const started = Date.now();
    let sentThisRun = 0;
    let rr = 0;
    let batch: Decision[] = [];
    let lastProgress = 0;

    const flush = async (out: Decision[]) => {
      if (!out.length) return;
      const entries: JournalEntry[] = [];
      const messages = [];
      for (const d of out) {
        const r = d.record;
        if (d.outcome === "skip") {
          entries.push([r.partition, r.offset.toString(), "skipped", null, d.reason]);
          continue;
        }
        // Keys and values go to the wire as given (the client's serializers are no-ops): both Buffers.
        const headers = new Map<Buffer, Buffer>();
        for (const [k, v] of r.headers) if (!isErrorHeader(k) && !k.startsWith("nexus-replay-")) headers.set(Buffer.from(k), v ?? Buffer.alloc(0));
        headers.set(Buffer.from(REPLAY_HEADER.id), Buffer.from(replayId));
        headers.set(Buffer.from(REPLAY_HEADER.sourceTopic), Buffer.from(spec.sourceTopic));
        headers.set(Buffer.from(REPLAY_HEADER.sourcePartition), Buffer.from(String(r.partition)));
        headers.set(Buffer.from(REPLAY_HEADER.sourceOffset), Buffer.from(r.offset.toString()));
        headers.set(Buffer.from(REPLAY_HEADER.count), Buffer.from(String(r.error.replayCount + 1)));
        const value = d.outcome === "send" ? replayValue(r.value, r.error.format) : r.value;
        messages.push({
          topic: d.topic, key: r.key ?? undefined, value: value ? Buffer.from(value) : undefined, headers,
          partition: await partitionOf(d.topic, r.key, rr++),
        });
        entries.push([r.partition, r.offset.toString(), d.outcome === "send" ? "sent" : "parked", d.topic, d.outcome === "park" ? d.reason : null]);
      }
      if (messages.length) {
        // Note each new target's end before the first record goes there, so a resumed run knows where to look.
        const newTargets = [...new Set(messages.map((m) => m.topic))].filter((t) => !targetStarts[t]);
        if (newTargets.length) {
          for (const t of newTargets) {
            const offs = await kafka.partitionOffsets(t);
            targetStarts[t] = Object.fromEntries(offs.map((p) => [String(p.partition), p.high.toString()]));
          }
          await db.dlqReplay.update({ where: { id: replayId }, data: { targetStarts: targetStarts as Prisma.InputJsonValue } });
        }
        const tx = await producer.beginTransaction();
        try {
          // One produce request per ~512 KiB: the client does not split record batches, and the broker refuses
          // a batch over its message size limit (1 MiB by default).
          for (let i = 0; i < messages.length;) {
            let bytes = 0;
            let j = i;
            while (j < messages.length && (j === i || bytes < 512 * 1024)) {
              const m = messages[j]!;
              bytes += (m.key?.length ?? 0) + (m.value?.length ?? 0) + 64 + [...m.headers].reduce((n, [k, v]) => n + k.length + v.length, 0);
              j++;
            }
            await tx.send({ messages: messages.slice(i, j) as never });
            i = j;
          }
          await tx.commit();
        } catch (e) {
          await tx.abort().catch(() => undefined);
          throw new Error(`sending to ${[...new Set(messages.map((m) => m.topic))].join(", ")} failed: ${describeKafkaError(e)}`, { cause: e });
        }
      }
      const metrics = getMetrics().dlqReplayed;
      for (const [, , outcome, target] of entries) {
        tally(outcome, target);
        metrics.inc({ outcome });
      }
      sentThisRun += messages.length;
      await db.dlqReplayChunk.create({ data: { replayId, seq: seq++, entries: encodeChunk(entries), count: entries.length } });
      const now = Date.now();
      const state = await db.dlqReplay.update({
        where: { id: replayId }, data: { sent: counts.sent, skipped: counts.skipped, parked: counts.parked, byTarget },
        select: { pauseRequested: true },
      });
      if (now - lastProgress > 500) {
        lastProgress = now;
        await opts.progress(counts.sent + counts.skipped + counts.parked, total, `${counts.sent} sent, ${counts.skipped} skipped, ${counts.parked} parked`);
      }
      // Rate limit: never ahead of ratePerSecond since this run started.
      const ahead = (sentThisRun / row.ratePerSecond) * 1000 - (Date.now() - started);
      if (ahead > 0) await sleep(ahead, undefined, { signal });
      if (state.pauseRequested) await waitWhilePaused();
    };

    const waitWhilePaused = async () => {
      await db.dlqReplay.update({ where: { id: replayId }, data: { state: "paused" } });
      await opts.progress(counts.sent + counts.skipped + counts.parked, total, "paused");
      for (;;) {
        await sleep(500, undefined, { signal });
        const r = await db.dlqReplay.findUniqueOrThrow({ where: { id: replayId }, select: { pauseRequested: true } });
        if (!r.pauseRequested) break;
      }
      await db.dlqReplay.update({ where: { id: replayId }, data: { state: "running" } });
    };

    // Reading the next batch overlaps the current transaction's commit; transactions stay one at a time, in order.
    let inflight: Promise<void> = Promise.resolve();
    const handOver = async (b: Decision[]) => {
      await inflight;
      inflight = flush(b);
      inflight.catch(() => undefined); // awaited later; this only keeps it from counting as unhandled meanwhile
    };
    let missing = 0;
    await forEachDecision({
      kafka, spec, mapping, rules, signal,
      missing: () => void missing++,
      visit: async (d) => {
        if (done.has(key(d.record.partition, d.record.offset))) return;
        batch.push(d);
        if (batch.length >= batchSize) {
          const b = batch;
          batch = [];
          await handOver(b);
        }
      },
    });
    await handOver(batch);
    batch = [];
    await inflight;
    const summary = `${counts.sent} sent, ${counts.skipped} skipped, ${counts.parked} parked${missing ? `, ${missing} selected offset(s) held no message` : ""}`;
    await opts.progress(counts.sent + counts.skipped + counts.parked, total, summary);
    await db.dlqReplay.update({
      where: { id: replayId },
      data: { state: "succeeded", total: counts.sent + counts.skipped + counts.parked, finishedAt: new Date(), error: missing ? `${missing} selected offset(s) held no message` : null },
    });
    return counts;
  } finally {
    await new Promise<void>((resolve) => producer.close(true, () => resolve()));
  }
}
