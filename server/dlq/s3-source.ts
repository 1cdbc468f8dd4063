import "server-only";
import type { KafkaGateway } from "../adapters/kafka/index.ts";
import type { S3Object, S3Store } from "../adapters/s3/index.ts";
import { DependencyUnavailableError, NotFoundError, ValidationError } from "../errors.ts";
import { S3_DLQ_OBJECT_RE, S3_DLQ_PREFIX_RE, S3_DLQ_ROOT, type S3PrefixList } from "./s3-contract.ts";
import { S3DeadLetterLog } from "./s3-log.ts";
import type { DeadLetterLog } from "./source.ts";

/** Most objects one prefix may hold for a read: past it the caller narrows the prefix to a date. */
export const MAX_S3_OBJECTS = 10_000;

export const s3SourceName = (bucket: string, prefix: string) => `s3://${bucket}/${prefix}`;
export const isS3SourceName = (name: string) => name.startsWith("s3://");

/** The prefix of an S3 source name of this bucket, or a 404 naming what was asked. */
function prefixOf(bucket: string, name: string): string {
  const head = `s3://${bucket}/`;
  const prefix = name.startsWith(head) ? name.slice(head.length) : null;
  if (!prefix || !S3_DLQ_PREFIX_RE.test(prefix))
    throw new NotFoundError(`${name} is not a dead-letter prefix of bucket ${bucket}`);
  return prefix;
}

/** The configured S3 store, or a 503 saying S3 dead letters are not configured. */
export function requireS3(s3: S3Store | null): S3Store {
  if (!s3) throw new DependencyUnavailableError("s3", "S3 dead letters are not configured (set NEXUS_S3_DLQ_BUCKET)");
  return s3;
}

/** The dead-letter objects under a prefix (key order), as a log; 404 naming the prefix when it holds none. */
export async function openS3Log(s3: S3Store | null, prefix: string): Promise<S3DeadLetterLog> {
  const store = requireS3(s3);
  const { objects, truncated } = await store.list(prefix, { max: MAX_S3_OBJECTS });
  if (truncated)
    throw new ValidationError(`${s3SourceName(store.bucket, prefix)} holds more than ${MAX_S3_OBJECTS} objects`, [
      { path: "prefix", message: "narrow it to one date: dlq/<dlq_type>/date=YYYY-MM-DD/" },
    ]);
  const dlq = objects.filter((o) => S3_DLQ_OBJECT_RE.test(o.key));
  if (!dlq.length) throw new NotFoundError(`${s3SourceName(store.bucket, prefix)} holds no .jsonl or .jsonl.gz object`);
  return new S3DeadLetterLog(store, s3SourceName(store.bucket, prefix), dlq);
}

/** The dlq types of the bucket and their dates, with object counts and sizes (one listing of dlq/). */
export async function listS3Prefixes(s3: S3Store | null): Promise<S3PrefixList> {
  const store = requireS3(s3);
  const { objects, truncated } = await store.list(S3_DLQ_ROOT, { max: MAX_S3_OBJECTS });
  type Type = S3PrefixList["types"][number];
  const types = new Map<string, Type>();
  for (const o of objects) {
    const slash = o.key.lastIndexOf("/");
    const m = S3_DLQ_PREFIX_RE.exec(o.key.slice(0, slash + 1));
    if (!m || !S3_DLQ_OBJECT_RE.test(o.key)) continue;
    const [, dlqType, , date] = m;
    const t = types.get(dlqType!) ?? {
      dlqType: dlqType!,
      prefix: `dlq/${dlqType}/`,
      objects: 0,
      bytes: 0,
      newest: null,
      dates: [],
    };
    types.set(dlqType!, t);
    t.objects++;
    t.bytes += o.size;
    const mod = o.lastModified?.toISOString() ?? null;
    if (mod && (!t.newest || mod > t.newest)) t.newest = mod;
    if (!date) continue;
    let d = t.dates.find((x) => x.date === date);
    if (!d) t.dates.push((d = { date, prefix: `dlq/${dlqType}/date=${date}/`, objects: 0, bytes: 0 }));
    d.objects++;
    d.bytes += o.size;
  }
  const sorted = [...types.values()].sort((a, b) => a.dlqType.localeCompare(b.dlqType));
  for (const t of sorted) t.dates.sort((a, b) => b.date.localeCompare(a.date));
  return { bucket: store.bucket, types: sorted, truncated };
}

/** S3 lists keys in UTF-8 byte order; a replay's objects are put back in that order. */
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** A replay's end offsets as stored for an S3 source: object key -> its record count when the replay was made. */
export function endsByObject(log: S3DeadLetterLog, counts: { partition: number; stable: bigint }[]) {
  return Object.fromEntries(counts.map((c) => [log.objects[c.partition]!.key, c.stable.toString()]));
}

/**
 * Where a replay reads its records: its Kafka topic, or for an S3 source the objects fixed when it was made (its
 * end offsets name them), so a resumed run sees the same partitions and offsets whatever was added since.
 */
export async function replaySource(opts: {
  kafka: KafkaGateway;
  s3: S3Store | null;
  row: { sourceTopic: string; endOffsets: unknown };
}): Promise<{ source: DeadLetterLog; endOffsets: Record<string, string>; release: () => void }> {
  const ends = opts.row.endOffsets as Record<string, string>;
  if (!isS3SourceName(opts.row.sourceTopic)) return { source: opts.kafka, endOffsets: ends, release: () => undefined };
  const store = requireS3(opts.s3);
  prefixOf(store.bucket, opts.row.sourceTopic);
  const keys = Object.keys(ends).sort(byteOrder);
  const objects: S3Object[] = keys.map((key) => ({ key, size: 0, lastModified: null, etag: null }));
  const log = new S3DeadLetterLog(store, opts.row.sourceTopic, objects);
  return {
    source: log,
    endOffsets: Object.fromEntries(keys.map((k, i) => [String(i), ends[k]!])),
    // A run stops at the end offsets, before an object's end: its open object is let go here.
    release: () => log.close(),
  };
}
