import "server-only";
import type { Db } from "../adapters/db/index.ts";
import type { MessageFilter } from "./contract.ts";
import { matchesFilter, withError, type ReadRecord } from "./messages.ts";
import type { DeadLetterLog } from "./source.ts";

/** Largest number of messages one search, group or export reads; a replay by filter has no such limit. */
export const SCAN_BUDGET = 200_000;
const CHUNK = 5000;

export async function loadMapping(db: Db, dlqTopic: string): Promise<Map<string, string>> {
  const rows = await db.dlqSourceMapping.findMany({ where: { dlqTopic } });
  return new Map(rows.map((r) => [r.source, r.targetTopic]));
}

export type ScanRange = { partition: number; from: bigint; to: bigint };

/**
 * Reads the given ranges partition by partition, in chunks, and hands every record matching the filter to
 * `visit` (return false to stop). Bounded by `budget` records read.
 */
export async function scanRanges(opts: {
  source: DeadLetterLog;
  topic: string;
  ranges: ScanRange[];
  filter: MessageFilter;
  mapping: ReadonlyMap<string, string>;
  budget?: number;
  signal?: AbortSignal;
  visit: (r: ReadRecord) => boolean | void | Promise<boolean | void>;
}): Promise<{ scanned: number; matched: number; limited: boolean; positions: Map<number, bigint> }> {
  const budget = opts.budget ?? SCAN_BUDGET;
  let scanned = 0;
  let matched = 0;
  const positions = new Map<number, bigint>();
  for (const range of opts.ranges) {
    if (opts.filter.partition !== undefined && range.partition !== opts.filter.partition) continue;
    let pos = range.from;
    while (pos < range.to) {
      opts.signal?.throwIfAborted();
      if (scanned >= budget) return { scanned, matched, limited: true, positions };
      const recs = await opts.source.read(opts.topic, range.partition, pos, {
        max: Math.min(CHUNK, budget - scanned),
        end: range.to,
      });
      if (recs.length === 0) break;
      for (const raw of recs) {
        scanned++;
        pos = raw.offset + 1n;
        positions.set(range.partition, pos);
        const r = withError(raw, opts.mapping);
        if (!matchesFilter(r, opts.filter)) continue;
        matched++;
        if ((await opts.visit(r)) === false) return { scanned, matched, limited: false, positions };
      }
    }
  }
  return { scanned, matched, limited: false, positions };
}

/** Whole-topic ranges [low, stable end) for every partition, narrowed to a start time when the filter has one. */
export async function topicRanges(
  source: DeadLetterLog,
  topic: string,
  filter: MessageFilter,
  ends?: Map<number, bigint>,
): Promise<ScanRange[]> {
  const offs = await source.partitionOffsets(topic);
  const starts = filter.since ? await source.offsetsForTime(topic, Date.parse(filter.since)) : null;
  return offs.map((p) => {
    // A partition with nothing since that time contributes an empty range.
    const since = starts ? (starts[p.partition] ?? p.stable) : p.low;
    return { partition: p.partition, from: since > p.low ? since : p.low, to: ends?.get(p.partition) ?? p.stable };
  });
}
