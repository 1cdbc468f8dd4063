import "server-only";
import type { Readable } from "node:stream";
import type { PartitionOffsets } from "../adapters/kafka/index.ts";
import type { S3Object, S3Store } from "../adapters/s3/index.ts";
import { instantOf } from "../bounds.ts";
import { NotFoundError } from "../errors.ts";
import type { DeadLetterLog, SourceRecord } from "./source.ts";

/** A line longer than this is cut to it (the rest up to its newline is dropped): one record never fills the memory. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** The non-empty lines of a stream, as bytes (a trailing CR dropped), in order. */
export async function* jsonLines(stream: Readable): AsyncGenerator<Buffer> {
  let rest: Buffer | null = null;
  let dropping = false;
  const line = (b: Buffer): Buffer | null => {
    const end = b.length && b[b.length - 1] === 13 ? b.length - 1 : b.length;
    const t = b.subarray(0, end);
    return t.some((c) => c > 32) ? t : null; // blank lines are no records
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const buf: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let i = buf.indexOf(10, start); i !== -1; i = buf.indexOf(10, start)) {
      const l = dropping ? null : line(buf.subarray(start, i));
      dropping = false;
      if (l) yield Buffer.from(l);
      start = i + 1;
    }
    rest = start < buf.length ? buf.subarray(start) : null;
    if (rest && rest.length > MAX_LINE_BYTES && !dropping) {
      yield Buffer.from(rest.subarray(0, MAX_LINE_BYTES));
      dropping = true;
    }
    if (dropping) rest = null;
  }
  const last = rest && !dropping ? line(rest) : null;
  if (last) yield Buffer.from(last);
}

/**
 * One line as a record: the line is the value (the seed's envelope, decoded and normalized like a Kafka DLQ
 * value); the envelope's `source` is the key, as the seed's DLQHandler keys its Kafka records; its `timestamp`
 * (local time without a zone: read as UTC) is the record's time, else the object's last modification.
 */
export function lineRecord(line: Buffer, at: { partition: number; offset: bigint; object: S3Object }): SourceRecord {
  let key: Buffer | null = null;
  let ms = at.object.lastModified?.getTime() ?? 0;
  try {
    const v: unknown = JSON.parse(line.toString("utf8"));
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const e = v as { source?: unknown; timestamp?: unknown };
      if (typeof e.source === "string") key = Buffer.from(e.source);
      const t = typeof e.timestamp === "string" ? instantOf(e.timestamp) : Number.NaN;
      if (Number.isFinite(t) && t >= 0) ms = t;
    }
  } catch {
    /* not JSON: a record of format "unknown", shown as text */
  }
  return {
    partition: at.partition,
    offset: at.offset,
    timestamp: BigInt(ms),
    key,
    value: line,
    headers: [],
    object: at.object.key,
  };
}

type OpenObject = { partition: number; next: bigint; lines: AsyncGenerator<Buffer>; stream: Readable };

/**
 * An S3 prefix as a dead-letter log: partition i is the i-th object of a listing fixed when the log is made (key
 * order), offset n its n-th non-empty line. Reads continue the open object where the last read stopped, so a scan
 * streams each object once; the end of an object is known once read (partitionOffsets counts the lines).
 */
export class S3DeadLetterLog implements DeadLetterLog {
  readonly #counts = new Map<number, bigint>();
  #open: OpenObject | null = null;

  constructor(
    readonly store: S3Store,
    readonly name: string,
    readonly objects: readonly S3Object[],
  ) {}

  async partitionOffsets(): Promise<PartitionOffsets[]> {
    const out: PartitionOffsets[] = [];
    for (let p = 0; p < this.objects.length; p++) {
      let n = this.#counts.get(p);
      if (n === undefined) {
        n = 0n;
        const stream = await this.store.open(this.objects[p]!.key);
        for await (const _ of jsonLines(stream)) n++;
        this.#counts.set(p, n);
      }
      out.push({ partition: p, leader: -1, low: 0n, high: n, stable: n });
    }
    return out;
  }

  /** Objects are not ordered by time: every record is read, and the filter checks each one's time. */
  async offsetsForTime(): Promise<(bigint | null)[]> {
    return this.objects.map(() => 0n);
  }

  async read(_name: string, partition: number, from: bigint, opts: { max: number; end?: bigint }) {
    const object = this.objects[partition];
    if (!object)
      throw new NotFoundError(`${this.name} has no object number ${partition} (it has ${this.objects.length})`);
    const o = await this.#seek(partition, from);
    const out: SourceRecord[] = [];
    while (out.length < opts.max && (opts.end === undefined || o.next < opts.end)) {
      const r = await o.lines.next();
      if (r.done) {
        this.#counts.set(partition, o.next);
        break;
      }
      out.push(lineRecord(r.value, { partition, offset: o.next, object }));
      o.next++;
    }
    return out;
  }

  async #seek(partition: number, from: bigint): Promise<OpenObject> {
    let o = this.#open;
    if (!o || o.partition !== partition || o.next > from) {
      this.close();
      const stream = await this.store.open(this.objects[partition]!.key);
      o = this.#open = { partition, next: 0n, lines: jsonLines(stream), stream };
    }
    while (o.next < from) {
      if ((await o.lines.next()).done) break;
      o.next++;
    }
    return o;
  }

  /** Stops the object being read, if any. */
  close(): void {
    this.#open?.stream.destroy();
    this.#open = null;
  }
}
