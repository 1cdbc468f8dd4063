import { z } from "zod";
import { kafkaDateTime, kafkaOffset } from "../bounds.ts";

/** A Kafka topic name as the broker accepts it (legal characters, at most 249). */
export const TopicName = z
  .string()
  .regex(/^[a-zA-Z0-9._-]{1,249}$/, "a Kafka topic name: letters, digits, '.', '_' and '-', at most 249");
const optionalInt = z.coerce.number().int().min(0);
const isoTime = kafkaDateTime();

/** What a search, a group-by, an export and a replay by filter match. */
export const MessageFilter = z.object({
  partition: optionalInt.max(100_000).optional(),
  errorClass: z.string().max(500).optional(),
  originalTopic: z.string().max(249).optional(),
  /** Case-insensitive text in key, value or header values. */
  text: z.string().max(500).optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
});
export type MessageFilter = z.infer<typeof MessageFilter>;

export const MessageRef = z.object({ partition: z.number().int().min(0), offset: kafkaOffset() });
export type MessageRef = z.infer<typeof MessageRef>;

/** The fields of a replay request (an S3 replay names a prefix instead of `sourceTopic`). */
export const ReplayRequestFields = z.object({
  sourceTopic: TopicName,
  /** Either the selected messages, or every message matching `filter` up to the end offsets seen now. */
  messages: z.array(MessageRef).min(1).max(100_000).optional(),
  filter: MessageFilter.optional(),
  /** Send everything here instead of each message's original topic. */
  targetTopic: TopicName.optional(),
  ratePerSecond: z.number().int().min(1).max(1_000_000).default(1000),
  maxMessages: z.number().int().min(1).max(10_000_000).optional(),
  /** A record already replayed this many times is not replayed again. */
  loopGuard: z.number().int().min(1).max(100).default(3),
  /** Where records stopped by the loop guard go; without it they are only reported. */
  parkingTopic: TopicName.optional(),
  dryRun: z.boolean().default(false),
});
export const ReplayRequest = ReplayRequestFields.refine(
  (r) => (r.messages === undefined) !== (r.filter === undefined),
  { message: "give either messages or filter", path: ["messages"] },
);
export type ReplayRequest = z.infer<typeof ReplayRequest>;
