import { z } from "zod";
import { kafkaDateTime, kafkaOffset } from "../bounds.ts";
import { MessageFilter, MessageRef, TopicName } from "./request-contract.ts";

const isoTime = kafkaDateTime();

/** Filters, message references and replay requests: shared with the S3 dead-letter contract. */
export * from "./request-contract.ts";
/** S3 dead letters (docs/dlq-s3.md). */
export * from "./s3-contract.ts";

export const TopicParams = z.object({ topic: TopicName });
export const MessageParams = z.object({
  topic: TopicName,
  partition: z.coerce.number().int().min(0).max(100_000),
  offset: kafkaOffset(),
});

/**
 * A key, value or header value, decoded for display. Large payloads are cut; the download endpoint has all of it.
 * `hidden`: the caller's role may not read payloads (NEXUS_DLQ_PAYLOAD_ROLE); `omitted`: a browse page's payload
 * byte cap was reached before this message. Both keep only `size`.
 */
export const DecodedPayload = z.object({
  kind: z.enum(["null", "json", "text", "binary", "hidden", "omitted"]),
  /** Pretty JSON, UTF-8 text, or for binary a hex dump of the first bytes. */
  text: z.string().nullable(),
  /** Binary payloads only: base64 of the (possibly truncated) bytes. */
  base64: z.string().nullable(),
  size: z.number().int(),
  truncated: z.boolean(),
});
export type DecodedPayload = z.infer<typeof DecodedPayload>;

export const ErrorFormat = z.enum([
  "kafka-connect",
  "spring-kafka",
  "seed",
  "seed-enhanced",
  "nexus-replay",
  "unknown",
]);
export type ErrorFormat = z.infer<typeof ErrorFormat>;

/** Why a message failed, whatever wrote it (Kafka Connect, Spring Kafka, the seed's DLQHandler). */
export const NormalizedError = z.object({
  format: ErrorFormat,
  originalTopic: z.string().nullable(),
  /** Where the original topic came from: the message itself, or the per-DLQ source mapping. */
  originalTopicFrom: z.enum(["message", "mapping"]).nullable(),
  originalPartition: z.number().int().nullable(),
  originalOffset: z.string().nullable(),
  errorClass: z.string().nullable(),
  message: z.string().nullable(),
  stage: z.string().nullable(),
  timestamp: z.string().nullable(),
  stackTrace: z.string().nullable(),
  attempts: z.number().int().nullable(),
  source: z.string().nullable(),
  /** How many times this record already went through a Nexus replay (loop guard). */
  replayCount: z.number().int(),
});
export type NormalizedError = z.infer<typeof NormalizedError>;

/** A Nexus replay that sent a message, from its journal: so nobody replays it again by accident. */
export const ReplayMark = z.object({
  /** The replay's id (GET /api/v1/dlq/replays/{id}). */
  id: z.string(),
  /** When the replay committed the message to its target. */
  at: z.string(),
  targetTopic: z.string().nullable(),
});
export type ReplayMark = z.infer<typeof ReplayMark>;

export const DlqMessage = z.object({
  topic: z.string(),
  partition: z.number().int(),
  offset: z.string(),
  timestamp: z.string(),
  key: DecodedPayload,
  value: DecodedPayload,
  headers: z.array(z.object({ key: z.string(), value: DecodedPayload })),
  error: NormalizedError,
  /** S3 sources: the object the record is a line of (`offset` counts its non-empty lines from 0, `partition` is the object's place in the listing). */
  object: z.string().optional(),
  /**
   * On browse pages and single messages: every replay that sent this message (outcome `sent` in its journal),
   * newest first; empty when none did. Absent elsewhere (dry-run samples, exports).
   */
  replays: z.array(ReplayMark).optional(),
});
export type DlqMessage = z.infer<typeof DlqMessage>;

export const PartitionInfo = z.object({
  partition: z.number().int(),
  leader: z.number().int(),
  low: z.string(),
  high: z.string(),
  /** Committed end (last stable offset): what a read_committed reader sees. */
  messages: z.number().int(),
});

export const TopicSummary = z.object({
  topic: z.string(),
  seed: z.boolean(),
  partitions: z.array(PartitionInfo),
  messages: z.number().int(),
  growthLastHour: z.number().int(),
  oldest: z.string().nullable(),
  newest: z.string().nullable(),
  topErrors: z.array(z.object({ errorClass: z.string(), count: z.number().int() })),
  /** Top errors come from the newest messages only. */
  sampled: z.number().int(),
});
export type TopicSummary = z.infer<typeof TopicSummary>;
export const TopicList = z.object({ topics: z.array(TopicSummary), pattern: z.string(), brokers: z.array(z.string()) });
export type TopicList = z.infer<typeof TopicList>;

export const BrowseQuery = MessageFilter.extend({
  from: z.enum(["earliest", "latest", "offset", "timestamp"]).default("latest"),
  offset: kafkaOffset().optional(),
  timestamp: isoTime.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** Opaque: a `next` or `prev` cursor of an earlier page. Overrides `from`. */
  cursor: z.string().max(20_000).optional(),
  /** Preview size per payload (bytes). */
  preview: z.coerce.number().int().min(256).max(1_048_576).default(16_384),
}).superRefine((q, ctx) => {
  if (q.from === "offset" && q.offset === undefined)
    ctx.addIssue({ code: "custom", path: ["offset"], message: "required when from=offset" });
  if (q.from === "timestamp" && q.timestamp === undefined)
    ctx.addIssue({ code: "custom", path: ["timestamp"], message: "required when from=timestamp" });
});
export type BrowseQuery = z.infer<typeof BrowseQuery>;

/** The role NEXUS_DLQ_PAYLOAD_ROLE names (the same three as users have). */
export const PayloadRole = z.enum(["viewer", "operator", "admin"]);

/** Most bytes of key, value and header previews one browse page carries, whatever its limit and preview size. */
export const PAGE_PAYLOAD_MAX_BYTES = 4 * 1024 * 1024;

export const BrowsePage = z.object({
  topic: z.string(),
  messages: z.array(DlqMessage),
  next: z.string().nullable(),
  prev: z.string().nullable(),
  /** Messages read to fill this page (more than shown when a filter is set). */
  scanned: z.number().int(),
  /** True when the filter scan stopped at its budget before filling the page. */
  scanLimited: z.boolean(),
  /** `hidden`: the caller's role is below `payloadRole`, so keys, values and header values are left out (sizes stay). */
  payloads: z.enum(["shown", "hidden"]),
  payloadRole: PayloadRole,
  /** Bytes of key, value and header previews on this page (text and base64), at most PAGE_PAYLOAD_MAX_BYTES. */
  payloadBytes: z.number().int(),
  /** True when the cap was reached: the messages from the first that did not fit on are listed with `omitted` payloads. */
  payloadCapped: z.boolean(),
});
export type BrowsePage = z.infer<typeof BrowsePage>;

export const GroupQuery = MessageFilter.extend({
  by: z.enum(["errorClass", "originalTopic", "stage", "partition"]).default("errorClass"),
});
export const GroupResult = z.object({
  topic: z.string(),
  by: z.string(),
  groups: z.array(z.object({ value: z.string().nullable(), count: z.number().int(), newest: z.string().nullable() })),
  scanned: z.number().int(),
  matched: z.number().int(),
  scanLimited: z.boolean(),
});
export type GroupResult = z.infer<typeof GroupResult>;

export const ExportQuery = MessageFilter.extend({ format: z.enum(["jsonl", "csv"]).default("jsonl") });

export const SourceMapping = z.object({
  dlqTopic: TopicName,
  source: z.string().min(1).max(500),
  targetTopic: TopicName,
});
export type SourceMapping = z.infer<typeof SourceMapping>;
export const SourceMappingList = z.object({
  mappings: z.array(SourceMapping.extend({ updatedBy: z.string().nullable(), updatedAt: z.string() })),
});
export const PutMappingsBody = z.object({
  mappings: z.array(z.object({ source: z.string().min(1).max(500), targetTopic: TopicName })).max(1000),
});

/**
 * A target of the plan that the real run cannot write: it does not exist (`missing`), or Kafka's authorizer
 * refuses this app (`unauthorized`). The run would fail on the first record for it, with `reason` as its error.
 */
export const BlockingTarget = z.object({
  topic: z.string(),
  problem: z.enum(["missing", "unauthorized"]),
  reason: z.string(),
  /** Records of the plan that go there (sent or parked); 0 for an override or parking topic no record reaches yet. */
  messages: z.number().int(),
});
export type BlockingTarget = z.infer<typeof BlockingTarget>;

export const ReplayPlan = z.object({
  sourceTopic: z.string(),
  /** True when no target blocks: the real run would not fail on a target. Records the rules refuse are `skipped` either way. */
  ok: z.boolean(),
  blocking: z.array(BlockingTarget),
  total: z.number().int(),
  byTarget: z.array(z.object({ topic: z.string(), count: z.number().int(), samples: z.array(DlqMessage) })),
  /** Messages that will not be replayed, and why. */
  skipped: z.array(z.object({ reason: z.string(), count: z.number().int(), samples: z.array(MessageRef) })),
  endOffsets: z.record(z.string(), z.string()),
  scanned: z.number().int(),
});
export type ReplayPlan = z.infer<typeof ReplayPlan>;

/** Create a missing replay target: its layout from the request, else from `likeTopic` (a dead-letter topic), else the brokers' defaults. */
export const CreateTargetTopicBody = z
  .object({
    topic: TopicName,
    likeTopic: TopicName.optional(),
    partitions: z.number().int().min(1).max(10_000).optional(),
    replicationFactor: z.number().int().min(1).max(32).optional(),
  })
  .refine((b) => (b.partitions === undefined) === (b.replicationFactor === undefined), {
    message: "give both partitions and replicationFactor, or neither",
    path: ["partitions"],
  });
export type CreateTargetTopicBody = z.infer<typeof CreateTargetTopicBody>;
export const CreatedTargetTopic = z.object({
  topic: z.string(),
  partitions: z.number().int(),
  replicationFactor: z.number().int(),
  layoutFrom: z.enum(["request", "like-topic", "cluster-default"]),
});
export type CreatedTargetTopic = z.infer<typeof CreatedTargetTopic>;

export const ReplayState = z.enum(["queued", "running", "paused", "succeeded", "failed", "cancelled", "interrupted"]);
export const Replay = z.object({
  id: z.string(),
  jobId: z.string().nullable(),
  sourceTopic: z.string(),
  targetTopic: z.string().nullable(),
  mode: z.enum(["selection", "filter"]),
  filter: MessageFilter.nullable(),
  selected: z.number().int().nullable(),
  state: ReplayState,
  ratePerSecond: z.number().int(),
  maxMessages: z.number().int().nullable(),
  loopGuard: z.number().int(),
  parkingTopic: z.string().nullable(),
  total: z.number().int().nullable(),
  sent: z.number().int(),
  skipped: z.number().int(),
  parked: z.number().int(),
  byTarget: z.record(z.string(), z.number().int()),
  error: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type Replay = z.infer<typeof Replay>;
export const ReplayList = z.object({ replays: z.array(Replay) });
export const ReplayParams = z.object({ id: z.uuid() });
export const ReplayJournal = z.object({
  entries: z.array(
    z.object({
      partition: z.number().int(),
      offset: z.string(),
      outcome: z.enum(["sent", "skipped", "parked"]),
      targetTopic: z.string().nullable(),
      reason: z.string().nullable(),
      at: z.string(),
    }),
  ),
  total: z.number().int(),
});
export const ReplayControlBody = z.object({ action: z.enum(["pause", "resume", "cancel"]) });
export const ReplayCreated = z.union([
  z.object({ dryRun: z.literal(true), plan: ReplayPlan }),
  z.object({ dryRun: z.literal(false), replay: Replay }),
]);
export type ReplayCreated = z.infer<typeof ReplayCreated>;
