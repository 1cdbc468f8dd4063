import "server-only";
import type { KafkaGateway } from "../adapters/kafka/index.ts";
import type { Db } from "../adapters/db/index.ts";
import { NotFoundError } from "../errors.ts";
import type { TopicList, TopicSummary } from "./contract.ts";
import { withError } from "./messages.ts";
import { loadMapping } from "./scan.ts";

/** The seed's dead-letter topics (contracts.md 2.1): always listed when they exist. */
export const SEED_DLQ_TOPICS = [
  "dlq_schema_validation_errors",
  "dlq_processing_errors",
  "dlq_failed_messages",
] as const;
const SAMPLE_PER_PARTITION = 100;

/** Kafka's own topics (`__consumer_offsets`) and tools' (`_schemas`, `_confluent-*`): never read or written through this app. */
export function isInternalTopic(name: string): boolean {
  return name.startsWith("_");
}

/** A dead-letter topic by name: one of the seed's three or matching NEXUS_DLQ_TOPIC_PATTERN, and never an internal one. */
export function isDlqTopic(name: string, pattern: string): boolean {
  return (
    !isInternalTopic(name) && ((SEED_DLQ_TOPICS as readonly string[]).includes(name) || new RegExp(pattern).test(name))
  );
}

/** Topics that are dead-letter topics because they have a saved source mapping (kept when the pattern changed since). */
export async function mappedDlqTopics(db: Db): Promise<Set<string>> {
  const rows = await db.dlqSourceMapping.findMany({ distinct: ["dlqTopic"], select: { dlqTopic: true } });
  return new Set(rows.map((r) => r.dlqTopic).filter((t) => !isInternalTopic(t)));
}

/**
 * The one rule for what the DLQ routes and a replay's source may touch: dead-letter topics by name
 * (isDlqTopic) or with a saved source mapping. Anything else is a 404 before Kafka is asked, so the routes
 * neither read other topics nor tell which ones exist. A mapping can only be saved for a topic that passes
 * this check already, so mappings cannot open up a topic.
 */
export async function assertDlqTopic(opts: { db: Db; pattern: string; topic: string }): Promise<void> {
  const { db, topic } = opts;
  if (isInternalTopic(topic))
    throw new NotFoundError(`topic ${topic} is not a dead-letter topic (internal topics are never read)`);
  if (isDlqTopic(topic, opts.pattern) || (await db.dlqSourceMapping.count({ where: { dlqTopic: topic } })) > 0) return;
  throw new NotFoundError(
    `topic ${topic} is not a dead-letter topic (the seed's three, NEXUS_DLQ_TOPIC_PATTERN or a saved source mapping)`,
  );
}

export async function listDlqTopics(opts: { kafka: KafkaGateway; db: Db; pattern: string }): Promise<TopicList> {
  const mapped = await mappedDlqTopics(opts.db);
  const names = (await opts.kafka.listTopics()).filter((t) => isDlqTopic(t, opts.pattern) || mapped.has(t)).sort();
  const topics = await Promise.all(names.map((t) => summarizeTopic({ ...opts, topic: t })));
  return { topics, pattern: opts.pattern, brokers: opts.kafka.brokers };
}

/** Partitions and depth from watermarks, growth over the last hour, oldest and newest timestamps, top errors of the newest messages. */
export async function summarizeTopic(opts: { kafka: KafkaGateway; db: Db; topic: string }): Promise<TopicSummary> {
  const { kafka, topic } = opts;
  const [offsets, hourAgo, mapping] = await Promise.all([
    kafka.partitionOffsets(topic),
    kafka.offsetsForTime(topic, Date.now() - 3_600_000),
    loadMapping(opts.db, topic),
  ]);
  let oldest: bigint | null = null;
  let newest: bigint | null = null;
  const counts = new Map<string, number>();
  let sampled = 0;
  await Promise.all(
    offsets.map(async (p) => {
      if (p.stable <= p.low) return;
      const [first, tail] = await Promise.all([
        kafka.read(topic, p.partition, p.low, { max: 1 }),
        kafka.read(
          topic,
          p.partition,
          p.stable - BigInt(SAMPLE_PER_PARTITION) > p.low ? p.stable - BigInt(SAMPLE_PER_PARTITION) : p.low,
          { max: SAMPLE_PER_PARTITION, end: p.stable },
        ),
      ]);
      const f = first[0]?.timestamp;
      if (f !== undefined && (oldest === null || f < oldest)) oldest = f;
      const l = tail.at(-1)?.timestamp;
      if (l !== undefined && (newest === null || l > newest)) newest = l;
      for (const r of tail) {
        sampled++;
        const k = withError(r, mapping).error.errorClass ?? "(none)";
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
    }),
  );
  const iso = (v: bigint | null) => (v === null ? null : new Date(Number(v)).toISOString());
  return {
    topic,
    seed: (SEED_DLQ_TOPICS as readonly string[]).includes(topic),
    partitions: offsets.map((p) => ({
      partition: p.partition,
      leader: p.leader,
      low: p.low.toString(),
      high: p.high.toString(),
      messages: Number(p.stable - p.low),
    })),
    messages: offsets.reduce((n, p) => n + Number(p.stable - p.low), 0),
    growthLastHour: offsets.reduce((n, p, i) => {
      const since = hourAgo[i] ?? p.stable;
      return n + Number(p.stable - (since > p.low ? since : p.low));
    }, 0),
    oldest: iso(oldest),
    newest: iso(newest),
    topErrors: [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([errorClass, count]) => ({ errorClass, count })),
    sampled,
  };
}
