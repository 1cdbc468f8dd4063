import "server-only";
import type { Db } from "../adapters/db/index.ts";
import type { GroupResult, MessageFilter } from "./contract.ts";
import { ExportReader, type ExportEnd, type ExportFormat } from "./export-reader.ts";
import type { ReadRecord } from "./messages.ts";
import { loadMapping, scanRanges, topicRanges, type ScanRange } from "./scan.ts";
import type { DeadLetterLog } from "./source.ts";

type GroupBy = "errorClass" | "originalTopic" | "stage" | "partition";

function groupKey(r: ReadRecord, by: GroupBy): string | null {
  switch (by) {
    case "errorClass":
      return r.error.errorClass;
    case "originalTopic":
      return r.error.originalTopic;
    case "stage":
      return r.error.stage;
    case "partition":
      return String(r.partition);
  }
}

/** Counts the messages matching a filter by error class (or original topic, stage, partition), biggest group first. */
export async function groupMessages(opts: {
  /** The topic's Kafka gateway, or an S3 prefix's log. */
  source: DeadLetterLog;
  db: Db;
  topic: string;
  filter: MessageFilter;
  by: GroupBy;
}): Promise<GroupResult> {
  const mapping = await loadMapping(opts.db, opts.topic);
  const ranges = await topicRanges(opts.source, opts.topic, opts.filter);
  const groups = new Map<string | null, { count: number; newest: bigint }>();
  const res = await scanRanges({
    source: opts.source,
    topic: opts.topic,
    ranges,
    filter: opts.filter,
    mapping,
    visit: (r) => {
      const k = groupKey(r, opts.by);
      const g = groups.get(k);
      if (g) {
        g.count++;
        if (r.timestamp > g.newest) g.newest = r.timestamp;
      } else groups.set(k, { count: 1, newest: r.timestamp });
    },
  });
  return {
    topic: opts.topic,
    by: opts.by,
    scanned: res.scanned,
    matched: res.matched,
    scanLimited: res.limited,
    groups: [...groups]
      .sort((a, b) => b[1].count - a[1].count)
      .map(([value, g]) => ({ value, count: g.count, newest: new Date(Number(g.newest)).toISOString() })),
  };
}

export type ExportOptions = {
  source: DeadLetterLog;
  db: Db;
  topic: string;
  filter: MessageFilter;
  format: ExportFormat;
  /** Most bytes of message lines (the CSV header included); a trailer line says when it cut the export. */
  maxBytes: number;
  /** Called once when the stream ends, however it ends (the audit event of what was sent). */
  onEnd?: (end: ExportEnd) => Promise<void> | void;
};

/**
 * Plans an export of what a filter matches (the partitions and offset ranges to read, up to the committed
 * end seen now) and returns it with a function that opens its stream: JSON lines (the full decoded message, binary as base64) or CSV
 * (key and value as text or base64). The stream reads Kafka only when its reader asks: one read per pull, so a
 * slow client slows the reads and one that goes away (cancel) stops them. Message lines stop before `maxBytes`
 * and the scan budget; a trailer line then says why. Errors after the first byte end the stream early.
 */
export async function exportMessages(
  opts: ExportOptions,
): Promise<{ ranges: ScanRange[]; open: () => ReadableStream<Uint8Array> }> {
  const [mapping, all] = await Promise.all([
    loadMapping(opts.db, opts.topic),
    topicRanges(opts.source, opts.topic, opts.filter),
  ]);
  const ranges = all.filter(
    (r) => r.from < r.to && (opts.filter.partition === undefined || r.partition === opts.filter.partition),
  );
  // A stream pulls once as soon as it exists: `open` lets the caller record the export before anything is read.
  return { ranges, open: () => exportStream(new ExportReader({ ...opts, ranges, mapping })) };
}

function exportStream(reader: ExportReader): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        reader.taken();
        try {
          // A pull that enqueues nothing is not called again until the next read: read on until there is a chunk or an end.
          let chunk = await reader.next();
          while (!chunk.text && !chunk.stop && !reader.ended) chunk = await reader.next();
          const { text, stop } = chunk;
          if (reader.ended) return; // the client went away while Kafka answered
          if (text) controller.enqueue(enc.encode(text));
          if (!stop) return;
          const end = await reader.end(stop);
          if (stop !== "complete") controller.enqueue(enc.encode(reader.trailer(end)));
          controller.close();
        } catch (e) {
          await reader.end("error", e);
          controller.error(e);
        }
      },
      async cancel() {
        await reader.end("cancelled");
      },
    },
    { highWaterMark: 1 },
  );
}
