import "server-only";
import type { MessageFilter, MessageRef } from "./contract.ts";
import { withError, type ReadRecord } from "./messages.ts";
import { parkingRefusal, targetRefusal, type TargetRules } from "./replay-targets.ts";
import { scanRanges, topicRanges } from "./scan.ts";
import type { DeadLetterLog } from "./source.ts";

export type ReplaySpec = {
  sourceTopic: string;
  messages: MessageRef[] | null;
  filter: MessageFilter | null;
  targetTopic: string | null;
  loopGuard: number;
  parkingTopic: string | null;
  maxMessages: number | null;
  /** Source partition -> end offset (exclusive) fixed at submission. */
  endOffsets: Record<string, string>;
};

export type Decision =
  | { record: ReadRecord; outcome: "send"; topic: string }
  | { record: ReadRecord; outcome: "park"; topic: string; reason: string }
  | { record: ReadRecord; outcome: "skip"; reason: string };

/**
 * Where one dead-lettered record goes on replay, or why it does not. The dry run and the run both decide here,
 * with the same target rules, so the plan says what a run will do: a target the rules refuse (one named by the
 * message's headers, or an override or parking topic that the configuration no longer allows) is skipped with
 * "target refused: <rule>" rather than failing the whole replay over some of its records.
 */
export function decide(r: ReadRecord, spec: ReplaySpec, rules: TargetRules): Decision {
  if (r.error.replayCount >= spec.loopGuard) {
    const reason = `loop guard: already replayed ${r.error.replayCount} time(s) (limit ${spec.loopGuard})`;
    if (!spec.parkingTopic) return { record: r, outcome: "skip", reason };
    const refused = parkingRefusal(spec.parkingTopic, rules);
    if (refused) return { record: r, outcome: "skip", reason: `${reason}; parking target refused: ${refused}` };
    return { record: r, outcome: "park", topic: spec.parkingTopic, reason };
  }
  const topic = spec.targetTopic ?? r.error.originalTopic;
  if (!topic) {
    return {
      record: r,
      outcome: "skip",
      reason: r.error.source
        ? `no original topic: map source "${r.error.source}" to a topic, or give an override`
        : "no original topic in the message: give an override topic",
    };
  }
  if (topic === spec.sourceTopic)
    return { record: r, outcome: "skip", reason: "the original topic is the dead-letter topic itself" };
  const refused = targetRefusal(topic, rules);
  if (refused) return { record: r, outcome: "skip", reason: `target refused: ${refused}` };
  return { record: r, outcome: "send", topic };
}

/**
 * Visits, in partition and offset order, every record a replay covers: the selected ones, or those matching
 * the filter up to the end offsets fixed at submission. Stops after `maxMessages` records to send.
 */
export async function forEachDecision(opts: {
  source: DeadLetterLog;
  spec: ReplaySpec;
  mapping: ReadonlyMap<string, string>;
  rules: TargetRules;
  signal?: AbortSignal;
  visit: (d: Decision) => void | Promise<void>;
  /** A selected offset that holds no message (removed by retention, or a transaction marker). */
  missing?: (ref: MessageRef) => void;
}): Promise<{ scanned: number }> {
  const { source, spec } = opts;
  let toSend = 0;
  const cap = spec.maxMessages ?? Number.POSITIVE_INFINITY;
  const ends = new Map(Object.entries(spec.endOffsets).map(([p, o]) => [Number(p), BigInt(o)]));
  const handle = async (r: ReadRecord): Promise<boolean> => {
    const d = decide(r, spec, opts.rules);
    if (d.outcome === "send") {
      if (toSend >= cap) return false;
      toSend++;
    }
    await opts.visit(d);
    return true;
  };

  if (spec.filter) {
    const ranges = await topicRanges(source, spec.sourceTopic, spec.filter, ends);
    const res = await scanRanges({
      source,
      topic: spec.sourceTopic,
      ranges,
      filter: spec.filter,
      mapping: opts.mapping,
      budget: Number.MAX_SAFE_INTEGER,
      signal: opts.signal,
      visit: handle,
    });
    return { scanned: res.scanned };
  }

  // Selected messages: read each partition's wanted offsets in runs.
  const byPartition = new Map<number, bigint[]>();
  for (const m of spec.messages ?? []) {
    const list = byPartition.get(m.partition) ?? [];
    list.push(BigInt(m.offset));
    byPartition.set(m.partition, list);
  }
  let scanned = 0;
  for (const [partition, offsets] of [...byPartition].sort((a, b) => a[0] - b[0])) {
    const wanted = [...new Set(offsets)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    let i = 0;
    while (i < wanted.length) {
      opts.signal?.throwIfAborted();
      const from = wanted[i]!;
      // A run: wanted offsets close together are read with one fetch.
      let j = i;
      while (j + 1 < wanted.length && wanted[j + 1]! - wanted[j]! <= 50n && wanted[j + 1]! - from < 2000n) j++;
      const last = wanted[j]!;
      const recs = await source.read(spec.sourceTopic, partition, from, {
        max: Number(last - from) + 1,
        end: last + 1n,
      });
      scanned += recs.length;
      const got = new Map(recs.map((r) => [r.offset, r]));
      for (let k = i; k <= j; k++) {
        const raw = got.get(wanted[k]!);
        if (!raw) {
          opts.missing?.({ partition, offset: wanted[k]!.toString() });
          continue;
        }
        if (!(await handle(withError(raw, opts.mapping)))) return { scanned };
      }
      i = j + 1;
    }
  }
  return { scanned };
}
