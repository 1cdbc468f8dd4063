import "server-only";
import type { KafkaRecordOut } from "./types.ts";

/** Batch attribute bits (Kafka record batch v2). */
const ATTR_TRANSACTIONAL = 0x10;
const ATTR_CONTROL = 0x20;

/** The slice of one partition's Fetch response that reading records needs. */
export type FetchedPartition = {
  lastStableOffset: bigint;
  abortedTransactions?: { producerId: bigint; firstOffset: bigint }[] | null;
  records?:
    | {
        firstOffset: bigint;
        lastOffsetDelta: number;
        attributes: number;
        producerId: bigint;
        firstTimestamp: bigint;
        records: {
          offsetDelta: number;
          timestampDelta: bigint;
          key?: Buffer | null;
          value?: Buffer | null;
          headers: [Buffer | null | undefined, Buffer | null | undefined][];
        }[];
      }[]
    | null;
};

/**
 * Appends the committed records of one fetched partition from `position` (inclusive) up to `end` (exclusive) to
 * `out`, at most up to `max` in all. Transaction markers and aborted records are skipped. Answers the next
 * position to fetch, and whether this response moved it at all.
 */
export function collectRecords(
  part: FetchedPartition,
  partition: number,
  at: { position: bigint; end: bigint; max: number },
  out: KafkaRecordOut[],
): { position: bigint; advanced: boolean } {
  const { end, max } = at;
  let position = at.position;
  let advanced = false;
  const aborted = new Map<bigint, bigint>(); // producerId -> first aborted offset
  const pendingAborts = [...(part.abortedTransactions ?? [])].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : 1));
  for (const batch of part.records ?? []) {
    while (pendingAborts.length && pendingAborts[0]!.firstOffset <= batch.firstOffset + BigInt(batch.lastOffsetDelta)) {
      const a = pendingAborts.shift()!;
      aborted.set(a.producerId, a.firstOffset);
    }
    const nextAfter = batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n;
    if (batch.attributes & ATTR_CONTROL) {
      aborted.delete(batch.producerId);
      if (nextAfter > position) {
        position = nextAfter;
        advanced = true;
      }
      continue;
    }
    const isAborted = (batch.attributes & ATTR_TRANSACTIONAL) !== 0 && aborted.has(batch.producerId);
    for (const r of batch.records) {
      const offset = batch.firstOffset + BigInt(r.offsetDelta);
      if (offset < position || offset >= end) continue;
      if (!isAborted) {
        out.push({
          partition,
          offset,
          timestamp: batch.firstTimestamp + r.timestampDelta,
          key: r.key ?? null,
          value: r.value ?? null,
          headers: r.headers.map(([k, v]) => [k ? k.toString("utf8") : "", v ?? null]),
        });
      }
      position = offset + 1n;
      advanced = true;
      if (out.length >= max) break;
    }
    if (out.length >= max) break;
    if (nextAfter > position && nextAfter <= end) {
      position = nextAfter;
      advanced = true;
    }
  }
  return { position, advanced };
}
