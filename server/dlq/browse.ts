import "server-only";
import { z } from "zod";
import type { KafkaGateway, PartitionOffsets } from "../adapters/kafka/index.ts";
import type { Db } from "../adapters/db/index.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import { PAGE_PAYLOAD_MAX_BYTES, type BrowsePage, type BrowseQuery } from "./contract.ts";
import { hasFilter, matchesFilter, withError, type ReadRecord } from "./messages.ts";
import { pageMessages, type PayloadAccess } from "./payload-access.ts";
import { replayMarks } from "./replay-marks.ts";
import { loadMapping } from "./scan.ts";

/** Cursor: direction and, per partition, the offset to continue from (forward: first to read; backward: first not to read). */
const Cursor = z.object({ d: z.enum(["f", "b"]), p: z.record(z.string(), z.string().regex(/^\d+$/)) });
type Cursor = z.infer<typeof Cursor>;

const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");
function decode(s: string): Cursor {
  try {
    return Cursor.parse(JSON.parse(Buffer.from(s, "base64url").toString("utf8")));
  } catch {
    throw new ValidationError("invalid cursor", [
      { path: "cursor", message: "use a next or prev value of an earlier page" },
    ]);
  }
}

const FILTER_SCAN_BUDGET = 20_000;

export type BrowseOptions = {
  kafka: KafkaGateway;
  db: Db;
  topic: string;
  query: BrowseQuery;
  /** Whether the caller may read payloads (default: yes); below the role the page carries metadata only. */
  access?: PayloadAccess;
  /** Cap on the page's preview bytes (default PAGE_PAYLOAD_MAX_BYTES). */
  maxPageBytes?: number;
};

/**
 * One page of a topic: one partition or all (merged by timestamp), from earliest, latest, an offset, a
 * timestamp or a cursor, forward or backward. With a filter, reads on (up to a budget) until the page is full.
 */
export async function browseTopic(opts: BrowseOptions): Promise<BrowsePage> {
  const { kafka, topic, query: q } = opts;
  const out = {
    access: opts.access ?? { shown: true, role: "viewer" as const },
    maxBytes: opts.maxPageBytes ?? PAGE_PAYLOAD_MAX_BYTES,
    preview: q.preview,
  };
  const [offsets, mapping] = await Promise.all([kafka.partitionOffsets(topic), loadMapping(opts.db, opts.topic)]);
  if (q.partition !== undefined && !offsets[q.partition])
    throw new NotFoundError(`topic ${topic} has no partition ${q.partition} (it has ${offsets.length})`);
  const parts = q.partition === undefined ? offsets : [offsets[q.partition]!];
  const cursor = q.cursor ? decode(q.cursor) : await startCursor(kafka, topic, q, parts);
  const clamp = (p: PartitionOffsets, v: bigint) => (v < p.low ? p.low : v > p.stable ? p.stable : v);
  const pos = new Map(
    parts.map((p) => [p.partition, clamp(p, BigInt(cursor.p[p.partition] ?? (cursor.d === "f" ? p.low : p.stable)))]),
  );
  const filtered = hasFilter(q);
  const limit = q.limit;
  let scanned = 0;
  let scanLimited = false;

  // Read per partition, enough to fill the page even if all shown messages come from one partition.
  const taken: ReadRecord[] = [];
  if (cursor.d === "f") {
    const heads = new Map<number, ReadRecord[]>();
    const next = new Map(pos);
    while (taken.length < limit) {
      if (filtered && scanned >= FILTER_SCAN_BUDGET) {
        scanLimited = true;
        break;
      }
      // Refill partitions whose buffers ran dry, all at once (one fetch per partition leader, in parallel).
      const dry = parts.filter((p) => (heads.get(p.partition) ?? []).length === 0 && next.get(p.partition)! < p.stable);
      const reads = await Promise.all(
        dry.map((p) =>
          kafka.read(topic, p.partition, next.get(p.partition)!, { max: filtered ? 500 : limit, end: p.stable }),
        ),
      );
      dry.forEach((p, i) => {
        const raw = reads[i]!;
        scanned += raw.length;
        next.set(p.partition, raw.length ? raw.at(-1)!.offset + 1n : p.stable);
        heads.set(
          p.partition,
          raw.map((r) => withError(r, mapping)).filter((r) => matchesFilter(r, q)),
        );
      });
      const any = parts.some((p) => (heads.get(p.partition) ?? []).length > 0 || next.get(p.partition)! < p.stable);
      if (!any) break;
      // Take the oldest head; a partition whose buffer is empty but not exhausted is refilled first.
      if (parts.some((p) => (heads.get(p.partition) ?? []).length === 0 && next.get(p.partition)! < p.stable)) continue;
      let best: ReadRecord | undefined;
      for (const p of parts) {
        const h = heads.get(p.partition)?.[0];
        if (
          h &&
          (!best || h.timestamp < best.timestamp || (h.timestamp === best.timestamp && h.partition < best.partition))
        )
          best = h;
      }
      if (!best) break;
      heads.get(best.partition)!.shift();
      taken.push(best);
    }
    // Continue at the first record read but not shown; where all read were shown or filtered out, after them.
    const after = new Map(
      parts.map((p) => [p.partition, heads.get(p.partition)?.[0]?.offset ?? next.get(p.partition)!]),
    );
    const before = new Map(pos);
    for (const r of taken) if (before.get(r.partition) === pos.get(r.partition)) before.set(r.partition, r.offset);
    const more = parts.some((p) => after.get(p.partition)! < p.stable);
    const less = parts.some((p) => before.get(p.partition)! > p.low);
    return page(opts.db, topic, taken, out, {
      next: more ? { d: "f", p: str(after) } : null,
      prev: less ? { d: "b", p: str(before) } : null,
      scanned,
      scanLimited,
    });
  }

  // Backward: the `limit` newest messages before each partition's position, merged, newest last.
  const collected: ReadRecord[] = [];
  const low = new Map(pos);
  await Promise.all(
    parts.map(async (p) => {
      let end = pos.get(p.partition)!;
      const got: ReadRecord[] = [];
      while (got.length < limit && end > p.low) {
        const step = BigInt(filtered ? 500 : limit);
        const from = end - step > p.low ? end - step : p.low;
        const raw = await kafka.read(topic, p.partition, from, { max: Number(end - from), end });
        scanned += raw.length;
        got.unshift(...raw.map((r) => withError(r, mapping)).filter((r) => matchesFilter(r, q)));
        end = from;
        if (filtered && scanned >= FILTER_SCAN_BUDGET) {
          scanLimited = true;
          break;
        }
        if (!filtered) break;
      }
      collected.push(...got.slice(-limit));
      low.set(p.partition, end);
    }),
  );
  collected.sort((a, b) =>
    a.timestamp === b.timestamp
      ? a.partition - b.partition || (a.offset < b.offset ? -1 : 1)
      : a.timestamp < b.timestamp
        ? -1
        : 1,
  );
  const shown = collected.slice(-limit);
  const after = new Map(pos);
  const before = new Map(pos);
  for (const p of parts) {
    const mine = shown.filter((r) => r.partition === p.partition);
    if (mine.length) {
      before.set(p.partition, mine[0]!.offset);
      after.set(p.partition, mine.at(-1)!.offset + 1n);
    } else if (collected.some((r) => r.partition === p.partition)) {
      // Read but older than everything shown: the next backward page starts above them.
      before.set(p.partition, collected.filter((r) => r.partition === p.partition).at(-1)!.offset + 1n);
    } else before.set(p.partition, low.get(p.partition)!);
  }
  const more = parts.some((p) => after.get(p.partition)! < p.stable);
  const less = parts.some((p) => before.get(p.partition)! > p.low);
  return page(opts.db, topic, shown, out, {
    next: more ? { d: "f", p: str(after) } : null,
    prev: less ? { d: "b", p: str(before) } : null,
    scanned,
    scanLimited,
  });
}

function str(m: Map<number, bigint>): Record<string, string> {
  return Object.fromEntries([...m].map(([k, v]) => [String(k), v.toString()]));
}

type PageShape = { next: Cursor | null; prev: Cursor | null; scanned: number; scanLimited: boolean };

async function page(
  db: Db,
  topic: string,
  recs: ReadRecord[],
  out: { access: PayloadAccess; maxBytes: number; preview: number },
  s: PageShape,
): Promise<BrowsePage> {
  const { messages, bytes, capped } = pageMessages(topic, recs, out);
  const marks = await replayMarks(db, topic, messages);
  return {
    topic,
    messages: messages.map((m) => ({ ...m, replays: marks.get(`${m.partition}:${m.offset}`) ?? [] })),
    next: s.next ? encode(s.next) : null,
    prev: s.prev ? encode(s.prev) : null,
    scanned: s.scanned,
    scanLimited: s.scanLimited,
    payloads: out.access.shown ? "shown" : "hidden",
    payloadRole: out.access.role,
    payloadBytes: bytes,
    payloadCapped: capped,
  };
}

async function startCursor(
  kafka: KafkaGateway,
  topic: string,
  q: BrowseQuery,
  parts: PartitionOffsets[],
): Promise<Cursor> {
  switch (q.from) {
    case "earliest":
      return { d: "f", p: Object.fromEntries(parts.map((p) => [p.partition, p.low.toString()])) };
    case "latest":
      return { d: "b", p: Object.fromEntries(parts.map((p) => [p.partition, p.stable.toString()])) };
    case "offset":
      return { d: "f", p: Object.fromEntries(parts.map((p) => [p.partition, q.offset!])) };
    case "timestamp": {
      const at = await kafka.offsetsForTime(topic, Date.parse(q.timestamp!));
      return {
        d: "f",
        p: Object.fromEntries(parts.map((p) => [p.partition, (at[p.partition] ?? p.stable).toString()])),
      };
    }
  }
}

/**
 * Why a partition has no message at `offset`, when the offset lies outside what it holds: past its committed end
 * or below its log start (retention, deleted records). Null when it lies inside (a gap: compaction, a marker).
 */
export function offsetOutsidePartition(p: PartitionOffsets, offset: bigint): string | null {
  if (offset >= p.stable) return `no message at partition ${p.partition} offset ${offset} (end is ${p.stable})`;
  if (offset < p.low) return `no message at partition ${p.partition} offset ${offset} (earliest is ${p.low})`;
  return null;
}

/**
 * One message (for the drawer and for download). The partition's bounds are read first: an offset outside
 * them is a 404 naming the end or the earliest offset, and is never fetched.
 */
export async function readOne(opts: { kafka: KafkaGateway; topic: string; partition: number; offset: bigint }) {
  const p = (await opts.kafka.partitionOffsets(opts.topic))[opts.partition];
  if (!p) throw new NotFoundError(`topic ${opts.topic} has no partition ${opts.partition}`);
  const outside = offsetOutsidePartition(p, opts.offset);
  if (outside) throw new NotFoundError(outside);
  const [r] = await opts.kafka.read(opts.topic, opts.partition, opts.offset, { max: 1, end: opts.offset + 1n });
  if (!r || r.offset !== opts.offset)
    throw new NotFoundError(
      `no message at ${opts.topic}/${opts.partition}@${opts.offset} (deleted, compacted or a transaction marker)`,
    );
  return r;
}
