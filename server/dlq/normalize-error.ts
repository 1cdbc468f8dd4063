import "server-only";
import { z } from "zod";
import type { NormalizedError } from "./contract.ts";
import { headerText } from "./decode.ts";

export type RawHeader = readonly [key: string, value: Uint8Array | null];

/** Provenance headers a Nexus replay adds; error headers of every known format are dropped on replay. */
export const REPLAY_HEADER = {
  id: "nexus-replay-id",
  sourceTopic: "nexus-replay-source-topic",
  sourcePartition: "nexus-replay-source-partition",
  sourceOffset: "nexus-replay-source-offset",
  count: "nexus-replay-count",
  /** S3 sources: the object key the record was a line of (the partition header is its place in the listing). */
  sourceObject: "nexus-replay-source-object",
} as const;

const ERROR_HEADER_PREFIXES = ["__connect.errors.", "kafka_dlt-", "retry_topic-"];
export function isErrorHeader(key: string): boolean {
  return ERROR_HEADER_PREFIXES.some((p) => key.startsWith(p));
}

/**
 * The seed's DLQHandler value (contracts.md 2.2) and the enhanced producer's variant (error is a string,
 * `original_topic` present, `timestamp` unreliable).
 */
const SeedValue = z
  .object({
    original_message: z.unknown(),
    error: z.union([
      z.object({ type: z.string().nullish(), message: z.string().nullish(), traceback: z.string().nullish() }).loose(),
      z.string(),
    ]),
    source: z.string().nullish(),
    original_topic: z.string().nullish(),
    timestamp: z.unknown().optional(),
    retry_count: z.number().int().nullish(),
    metadata: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();
export type SeedValue = z.infer<typeof SeedValue>;

/** Parses a value as the seed's DLQ format, or null when it is not one. */
export function parseSeedValue(value: Uint8Array | null): SeedValue | null {
  if (!value || value.length === 0 || value[0] !== 0x7b /* { */) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(value.buffer, value.byteOffset, value.length).toString("utf8"));
  } catch {
    return null;
  }
  const r = SeedValue.safeParse(json);
  return r.success && "original_message" in (json as object) ? r.data : null;
}

/**
 * Spring Kafka writes the original partition as a 4-byte big-endian int and offset and timestamps as
 * 8-byte big-endian longs; `retry_topic-attempts` is 4 bytes (older versions: 1 byte). Some writers use
 * decimal text instead: accept both.
 */
export function decodeNumberHeader(buf: Uint8Array | null | undefined): bigint | null {
  if (!buf || buf.length === 0) return null;
  const text = headerText(buf);
  if (text !== null && /^-?\d+$/.test(text.trim())) return BigInt(text.trim());
  const view = new DataView(buf.buffer, buf.byteOffset, buf.length);
  if (buf.length === 8) return view.getBigInt64(0, false);
  if (buf.length === 4) return BigInt(view.getInt32(0, false));
  if (buf.length === 2) return BigInt(view.getInt16(0, false));
  if (buf.length === 1) return BigInt(view.getInt8(0));
  return null;
}

function toInt(v: bigint | null): number | null {
  return v === null || v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER) ? null : Number(v);
}

function isoFromMillis(v: bigint | null): string | null {
  if (v === null || v <= 0n) return null;
  const d = new Date(Number(v));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The seed writes `datetime.now().isoformat()`: local time without a zone, or (enhanced producer) a path. */
function seedTimestamp(v: unknown): string | null {
  if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) return null;
  return v;
}

const SEED_USELESS_TRACEBACK = /^(None|<traceback object at 0x[0-9a-f]+>)$/;

/**
 * One normalized error record for a DLQ message, from Kafka Connect's `__connect.errors.*` headers,
 * Spring Kafka's `kafka_dlt-*` / `retry_topic-*` headers, or the seed's JSON envelope. `mapping` supplies
 * the original topic where the message names only its `source` (the seed's format).
 */
export function normalizeError(
  headers: readonly RawHeader[],
  value: Uint8Array | null,
  mapping: ReadonlyMap<string, string> = new Map(),
): NormalizedError {
  const h = new Map<string, Uint8Array | null>();
  for (const [k, v] of headers) h.set(k, v); // the last header of a name wins, as Kafka clients read it
  const text = (k: string) => headerText(h.get(k));
  const num = (k: string) => decodeNumberHeader(h.get(k));
  const replayCount = toInt(num(REPLAY_HEADER.count)) ?? 0;
  const base: NormalizedError = {
    format: "unknown",
    originalTopic: null,
    originalTopicFrom: null,
    originalPartition: null,
    originalOffset: null,
    errorClass: null,
    message: null,
    stage: null,
    timestamp: null,
    stackTrace: null,
    attempts: null,
    source: null,
    replayCount,
  };

  if ([...h.keys()].some((k) => k.startsWith("__connect.errors."))) {
    const topic = text("__connect.errors.topic");
    const offset = num("__connect.errors.offset");
    return {
      ...base,
      format: "kafka-connect",
      originalTopic: topic,
      originalTopicFrom: topic ? "message" : null,
      originalPartition: toInt(num("__connect.errors.partition")),
      originalOffset: offset === null ? null : offset.toString(),
      errorClass: text("__connect.errors.exception.class.name"),
      message: text("__connect.errors.exception.message"),
      stage: [text("__connect.errors.stage"), text("__connect.errors.class.name")].filter(Boolean).join(" · ") || null,
      stackTrace: text("__connect.errors.exception.stacktrace"),
      source:
        [text("__connect.errors.connector.name"), text("__connect.errors.task.id")]
          .filter((x) => x !== null)
          .join("/") || null,
    };
  }

  if ([...h.keys()].some((k) => k.startsWith("kafka_dlt-") || k.startsWith("retry_topic-"))) {
    // Value deserialization failures are reported under kafka_dlt-exception-*, key failures under kafka_dlt-key-exception-*.
    const pick = (suffix: string) => text(`kafka_dlt-exception-${suffix}`) ?? text(`kafka_dlt-key-exception-${suffix}`);
    const topic = text("kafka_dlt-original-topic");
    const offset = num("kafka_dlt-original-offset");
    const cause = pick("cause-fqcn");
    return {
      ...base,
      format: "spring-kafka",
      originalTopic: topic,
      originalTopicFrom: topic ? "message" : null,
      originalPartition: toInt(num("kafka_dlt-original-partition")),
      originalOffset: offset === null ? null : offset.toString(),
      errorClass: cause && cause !== pick("fqcn") ? `${pick("fqcn") ?? "?"} (cause ${cause})` : pick("fqcn"),
      message: pick("message"),
      stage: text("kafka_dlt-original-consumer-group")
        ? `consumer group ${text("kafka_dlt-original-consumer-group")}`
        : null,
      timestamp: isoFromMillis(num("kafka_dlt-original-timestamp") ?? num("retry_topic-original-timestamp")),
      stackTrace: pick("stacktrace"),
      attempts: toInt(num("retry_topic-attempts")),
    };
  }

  const seed = parseSeedValue(value);
  if (seed) {
    const source = seed.source ?? null;
    const mapped = source ? (mapping.get(source) ?? null) : null;
    const own = seed.original_topic ?? null;
    const err = seed.error;
    const meta = seed.metadata ?? {};
    const stage =
      typeof meta.processing_step === "string"
        ? meta.processing_step
        : Array.isArray(meta.schema_errors)
          ? "schema_validation"
          : null;
    const tb = typeof err === "object" ? (err.traceback ?? null) : null;
    return {
      ...base,
      format: typeof err === "string" ? "seed-enhanced" : "seed",
      originalTopic: own ?? mapped,
      originalTopicFrom: own ? "message" : mapped ? "mapping" : null,
      errorClass: typeof err === "string" ? null : (err.type ?? null),
      message: typeof err === "string" ? err : (err.message ?? null),
      stage,
      timestamp: seedTimestamp(seed.timestamp),
      stackTrace: tb && !SEED_USELESS_TRACEBACK.test(tb) ? tb : null,
      attempts: seed.retry_count ?? null,
      source,
      // The seed's pipelines re-raise into the DLQ without headers; its retry_count (1 on the first failure,
      // then the original's retry_count + 1) counts the passes instead.
      replayCount: Math.max(replayCount, (seed.retry_count ?? 1) - 1),
    };
  }

  if (h.has(REPLAY_HEADER.id)) {
    const topic = text(REPLAY_HEADER.sourceTopic);
    return { ...base, format: "nexus-replay", originalTopic: topic, originalTopicFrom: topic ? "message" : null };
  }
  return base;
}

/** The record to send on replay: the seed's envelope is unwrapped to its `original_message`. */
export function replayValue(value: Uint8Array | null, format: NormalizedError["format"]): Uint8Array | null {
  if (format !== "seed" && format !== "seed-enhanced") return value;
  const seed = parseSeedValue(value);
  if (!seed || seed.original_message === undefined) return value;
  const m = seed.original_message;
  // As the seed's retry_from_dlq does (contracts.md 2.3): a dict original goes out with the envelope's
  // retry_count + 1 (0 when absent), so the seed's consumers and its DLQHandler count the pass. Other
  // originals go out unchanged.
  const out =
    m !== null && typeof m === "object" && !Array.isArray(m) ? { ...m, retry_count: (seed.retry_count ?? 0) + 1 } : m;
  return Buffer.from(JSON.stringify(out), "utf8");
}
