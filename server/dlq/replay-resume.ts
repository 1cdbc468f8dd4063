import "server-only";
import type { Db } from "../adapters/db/index.ts";
import type { KafkaGateway } from "../adapters/kafka/index.ts";
import type { Logger } from "pino";
import { REPLAY_HEADER } from "./normalize-error.ts";
import type { ReplaySpec } from "./replay-plan.ts";
import { decodeChunk, encodeChunk, type JournalEntry } from "./journal.ts";

export const recordKey = (partition: number, offset: bigint | string) => `${partition}:${offset}`;

/** What the runs of a replay have done: counts, records per target, and which source records are done (by partition:offset). */
export type ReplayTally = {
  counts: { sent: number; skipped: number; parked: number };
  byTarget: Record<string, number>;
  done: Set<string>;
  /** Counts one journaled outcome (from the journal, from the targets after a crash, or just sent). */
  add(outcome: JournalEntry[2], target: string | null): void;
};

export function newTally(): ReplayTally {
  const tally: ReplayTally = {
    counts: { sent: 0, skipped: 0, parked: 0 },
    byTarget: {},
    done: new Set(),
    add(outcome, target) {
      tally.counts[outcome]++;
      if (outcome !== "skipped" && target) tally.byTarget[target] = (tally.byTarget[target] ?? 0) + 1;
    },
  };
  return tally;
}

/** Tallies the journal of earlier runs; answers the next chunk's sequence number. */
export async function tallyJournal(db: Db, replayId: string, tally: ReplayTally): Promise<number> {
  const chunks = await db.dlqReplayChunk.findMany({ where: { replayId }, orderBy: { seq: "asc" } });
  for (const c of chunks) {
    for (const [p, o, outcome, target] of decodeChunk(c.entries)) {
      if (tally.done.has(recordKey(p, o))) continue;
      tally.done.add(recordKey(p, o));
      tally.add(outcome, target);
    }
  }
  return chunks.length ? chunks.at(-1)!.seq + 1 : 0;
}

/** Records of this replay committed to one target partition from `from` on, that the journal does not know of. */
async function recoverPartition(
  opts: { kafka: KafkaGateway; replayId: string; spec: ReplaySpec; tally: ReplayTally },
  topic: string,
  partition: { partition: number; stable: bigint },
  from: bigint,
  recovered: JournalEntry[],
): Promise<void> {
  const { kafka, replayId, spec, tally } = opts;
  let pos = from;
  while (pos < partition.stable) {
    const recs = await kafka.read(topic, partition.partition, pos, { max: 5000, end: partition.stable });
    if (!recs.length) break;
    for (const r of recs) {
      const h = new Map(r.headers.map(([k, v]) => [k, v?.toString("utf8") ?? null]));
      if (h.get(REPLAY_HEADER.id) !== replayId) continue;
      const sp = Number(h.get(REPLAY_HEADER.sourcePartition));
      const so = h.get(REPLAY_HEADER.sourceOffset) ?? "";
      if (tally.done.has(recordKey(sp, so))) continue;
      tally.done.add(recordKey(sp, so));
      const parked = topic === spec.parkingTopic && topic !== spec.targetTopic;
      recovered.push([sp, so, parked ? "parked" : "sent", topic, parked ? "recovered after a restart" : null]);
      tally.add(parked ? "parked" : "sent", topic);
    }
    pos = recs.at(-1)!.offset + 1n;
  }
}

/**
 * Reads the targets (read_committed, from the offsets noted before the first send) for records carrying this replay's
 * id, which covers a crash between a commit and its journal chunk; journals what it finds. Answers the next sequence number.
 */
export async function recoverFromTargets(opts: {
  db: Db;
  kafka: KafkaGateway;
  log: Logger;
  replayId: string;
  spec: ReplaySpec;
  tally: ReplayTally;
  targetStarts: Record<string, Record<string, string>>;
  seq: number;
}): Promise<number> {
  const recovered: JournalEntry[] = [];
  for (const [topic, starts] of Object.entries(opts.targetStarts)) {
    for (const p of await opts.kafka.partitionOffsets(topic))
      await recoverPartition(opts, topic, p, BigInt(starts[p.partition] ?? "0"), recovered);
  }
  if (!recovered.length) return opts.seq;
  await opts.db.dlqReplayChunk.create({
    data: { replayId: opts.replayId, seq: opts.seq, entries: encodeChunk(recovered), count: recovered.length },
  });
  opts.log.info(
    { replayId: opts.replayId, recovered: recovered.length },
    "replay resumed: records found in the targets that the journal had not recorded",
  );
  return opts.seq + 1;
}
