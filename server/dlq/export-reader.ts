import "server-only";
import type { KafkaRecordOut } from "../adapters/kafka/index.ts";
import type { DeadLetterLog } from "./source.ts";
import type { MessageFilter } from "./contract.ts";
import { matchesFilter, toDlqMessage, withError, type ReadRecord } from "./messages.ts";
import { SCAN_BUDGET, type ScanRange } from "./scan.ts";

export type ExportFormat = "jsonl" | "csv";
/** Why an export ended: all read, cut by the byte cap or the scan budget, the client went away, or a failure. */
export type ExportEndReason = "complete" | "byte-cap" | "scan-limit" | "cancelled" | "error";
export type ExportEnd = {
  reason: ExportEndReason;
  messages: number;
  bytes: number;
  scanned: number;
  /** Where a cut export would go on: the first partition and offset not read. */
  next: { partition: number; offset: string } | null;
  error?: string;
};

const CSV_COLUMNS = [
  "topic",
  "partition",
  "offset",
  "timestamp",
  "format",
  "originalTopic",
  "errorClass",
  "message",
  "stage",
  "attempts",
  "key",
  "value",
] as const;

/** One read asks for about this many bytes (the record count adapts to the sizes seen): a pull holds one read's records. */
const PULL_BYTES = 1024 * 1024;
const PULL_MAX_RECORDS = 500;

function csvCell(v: string | number | null): string {
  if (v === null) return "";
  const s = String(v);
  // Quote always when needed; neutralize spreadsheet formulas (a hostile value must not run in Excel).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function exportLine(topic: string, r: ReadRecord, format: ExportFormat): string {
  const m = toDlqMessage(topic, r, Number.MAX_SAFE_INTEGER);
  if (format === "jsonl") return JSON.stringify(m) + "\n";
  const payload = (p: typeof m.key) =>
    p.kind === "binary" ? `base64:${p.base64}` : p.kind === "json" ? JSON.stringify(JSON.parse(p.text!)) : p.text;
  const row = [
    m.topic,
    m.partition,
    m.offset,
    m.timestamp,
    m.error.format,
    m.error.originalTopic,
    m.error.errorClass,
    m.error.message,
    m.error.stage,
    m.error.attempts,
    payload(m.key),
    payload(m.value),
  ];
  return row.map(csvCell).join(",") + "\n";
}

const recordBytes = (r: KafkaRecordOut) =>
  (r.key?.length ?? 0) + (r.value?.length ?? 0) + r.headers.reduce((n, [k, v]) => n + k.length + (v?.length ?? 0), 0);

/**
 * Walks an export's ranges one Kafka read at a time: `next()` reads once and returns that read's lines (or why
 * the export stops), so whoever calls it sets the pace. Lines stop before `maxBytes`; `end()` reports once.
 */
export class ExportReader {
  #i = 0;
  #pos: bigint;
  #want = 50;
  #started = false;
  #ended: ExportEnd | null = null;
  messages = 0;
  bytes = 0;
  scanned = 0;
  /** The counts and position as of the last chunk the reader took (a client that goes away never gets the one queued). */
  #taken = { messages: 0, bytes: 0, scanned: 0, i: 0, pos: 0n };

  constructor(
    private readonly o: {
      source: DeadLetterLog;
      topic: string;
      ranges: ScanRange[];
      filter: MessageFilter;
      mapping: ReadonlyMap<string, string>;
      format: ExportFormat;
      maxBytes: number;
      onEnd?: (end: ExportEnd) => Promise<void> | void;
    },
  ) {
    this.#pos = o.ranges[0]?.from ?? 0n;
    this.#taken.pos = this.#pos;
  }

  /** Everything handed out so far was read (the stream asks for more only once its queue is empty). */
  taken(): void {
    this.#taken = { messages: this.messages, bytes: this.bytes, scanned: this.scanned, i: this.#i, pos: this.#pos };
  }

  get ended(): boolean {
    return this.#ended !== null;
  }

  /** The lines of one Kafka read, and `stop` when the export ends here. */
  async next(): Promise<{ text: string; stop?: ExportEndReason }> {
    const lines: string[] = [];
    if (!this.#started) {
      this.#started = true;
      if (this.o.format === "csv") this.#push(lines, CSV_COLUMNS.join(",") + "\n");
    }
    const range = this.o.ranges[this.#i];
    if (!range) return { text: lines.join(""), stop: "complete" };
    if (this.scanned >= SCAN_BUDGET) return { text: lines.join(""), stop: "scan-limit" };
    const recs = await this.o.source.read(this.o.topic, range.partition, this.#pos, {
      max: Math.min(this.#want, SCAN_BUDGET - this.scanned),
      end: range.to,
    });
    if (recs.length === 0) {
      this.#i++;
      this.#pos = this.o.ranges[this.#i]?.from ?? 0n;
      return { text: lines.join("") };
    }
    this.#want = Math.max(
      1,
      Math.min(
        PULL_MAX_RECORDS,
        Math.floor(PULL_BYTES / Math.max(1, recs.reduce((n, r) => n + recordBytes(r), 0) / recs.length)),
      ),
    );
    for (const raw of recs) {
      const r = withError(raw, this.o.mapping);
      if (matchesFilter(r, this.o.filter)) {
        if (!this.#push(lines, exportLine(this.o.topic, r, this.o.format)))
          return { text: lines.join(""), stop: "byte-cap" };
        this.messages++;
      }
      this.scanned++;
      this.#pos = raw.offset + 1n;
    }
    return { text: lines.join("") };
  }

  #push(lines: string[], line: string): boolean {
    const n = Buffer.byteLength(line);
    if (this.bytes + n > this.o.maxBytes) return false;
    lines.push(line);
    this.bytes += n;
    return true;
  }

  /** Ends the export once (later calls return the first end) and reports it to `onEnd`. */
  async end(reason: ExportEndReason, error?: unknown): Promise<ExportEnd> {
    if (this.#ended) return this.#ended;
    // A cancelled stream drops its queue: report what the client took. Otherwise the queue drains to the client.
    const at =
      reason === "cancelled"
        ? this.#taken
        : { messages: this.messages, bytes: this.bytes, scanned: this.scanned, i: this.#i, pos: this.#pos };
    const r = this.o.ranges[at.i];
    const e: ExportEnd = {
      reason,
      messages: at.messages,
      bytes: at.bytes,
      scanned: at.scanned,
      next: r && reason !== "complete" ? { partition: r.partition, offset: at.pos.toString() } : null,
    };
    if (error !== undefined) e.error = error instanceof Error ? error.message : String(error);
    this.#ended = e;
    await this.o.onEnd?.(e);
    return e;
  }

  /** The last line of an export that did not read everything: why, how much, and where it stopped. */
  trailer(e: ExportEnd): string {
    const next = e.next ? `; next: partition ${e.next.partition} offset ${e.next.offset}` : "";
    if (this.o.format === "csv")
      return `# truncated: ${e.reason} after ${e.messages} messages (${e.bytes} bytes, cap ${this.o.maxBytes})${next}\n`;
    return (
      JSON.stringify({
        truncated: true,
        reason: e.reason,
        messages: e.messages,
        bytes: e.bytes,
        maxBytes: this.o.maxBytes,
        next: e.next,
      }) + "\n"
    );
  }
}
