import type { KafkaGateway } from "../adapters/kafka/kafka-gateway.ts";
import type { Db } from "../adapters/db/index.ts";
import type { GroupResult, MessageFilter } from "./contract.ts";
import { toDlqMessage, type ReadRecord } from "./messages.ts";
import { loadMapping, scanRanges, topicRanges } from "./scan.ts";

type GroupBy = "errorClass" | "originalTopic" | "stage" | "partition";

function groupKey(r: ReadRecord, by: GroupBy): string | null {
  switch (by) {
    case "errorClass": return r.error.errorClass;
    case "originalTopic": return r.error.originalTopic;
    case "stage": return r.error.stage;
    case "partition": return String(r.partition);
  }
}

/** Counts the messages matching a filter by error class (or original topic, stage, partition), biggest group first. */
export async function groupMessages(opts: { kafka: KafkaGateway; db: Db; topic: string; filter: MessageFilter; by: GroupBy }): Promise<GroupResult> {
  const mapping = await loadMapping(opts.db, opts.topic);
  const ranges = await topicRanges(opts.kafka, opts.topic, opts.filter);
  const groups = new Map<string | null, { count: number; newest: bigint }>();
  const res = await scanRanges({
    kafka: opts.kafka, topic: opts.topic, ranges, filter: opts.filter, mapping,
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
    topic: opts.topic, by: opts.by, scanned: res.scanned, matched: res.matched, scanLimited: res.limited,
    groups: [...groups].sort((a, b) => b[1].count - a[1].count).map(([value, g]) => ({ value, count: g.count, newest: new Date(Number(g.newest)).toISOString() })),
  };
}

const CSV_COLUMNS = ["topic", "partition", "offset", "timestamp", "format", "originalTopic", "errorClass", "message", "stage", "attempts", "key", "value"] as const;

function csvCell(v: string | number | null): string {
  if (v === null) return "";
  const s = String(v);
  // Quote always when needed; neutralize spreadsheet formulas (a hostile value must not run in Excel).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Streams what a filter matches as JSON lines (the full decoded message, binary as base64) or CSV (one
 * row per message, key and value as text or base64). Errors after the first byte end the stream early.
 */
export function exportMessages(opts: { kafka: KafkaGateway; db: Db; topic: string; filter: MessageFilter; format: "jsonl" | "csv" }): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        const mapping = await loadMapping(opts.db, opts.topic);
        const ranges = await topicRanges(opts.kafka, opts.topic, opts.filter);
        if (opts.format === "csv") controller.enqueue(enc.encode(CSV_COLUMNS.join(",") + "\n"));
        await scanRanges({
          kafka: opts.kafka, topic: opts.topic, ranges, filter: opts.filter, mapping,
          visit: (r) => {
            const m = toDlqMessage(opts.topic, r, Number.MAX_SAFE_INTEGER);
            if (opts.format === "jsonl") controller.enqueue(enc.encode(JSON.stringify(m) + "\n"));
            else {
              const payload = (p: typeof m.key) => (p.kind === "binary" ? `base64:${p.base64}` : p.kind === "json" ? JSON.stringify(JSON.parse(p.text!)) : p.text);
              const row = [m.topic, m.partition, m.offset, m.timestamp, m.error.format, m.error.originalTopic, m.error.errorClass, m.error.message, m.error.stage, m.error.attempts, payload(m.key), payload(m.value)];
              controller.enqueue(enc.encode(row.map(csvCell).join(",") + "\n"));
            }
          },
        });
        controller.close();
      } catch (e) {
        controller.error(e);
      }
    },
  });
}
