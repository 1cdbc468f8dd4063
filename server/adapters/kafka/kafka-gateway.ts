import "server-only";
import { Admin, Consumer, FetchIsolationLevels, type ClusterMetadata } from "@platformatic/kafka";
import { AppError, ConflictError, DependencyUnavailableError, NotFoundError, ValidationError } from "../../errors.ts";
import { collectRecords } from "./fetch-records.ts";
import { describeKafkaError, hasKafkaErrorCode, isKafkaClientError, mapKafkaError } from "./kafka-errors.ts";
import type {
  KafkaClusterState,
  KafkaRecordOut,
  KafkaTopicMetadata,
  KafkaTopicsMetadata,
  PartitionOffsets,
  TopicLayout,
} from "./types.ts";

const EARLIEST = -2n;
const LATEST = -1n;

/**
 * Reads and admin calls on the app's Kafka cluster, for the DLQ (browse, replay) and the health probe. Reads
 * partitions directly with Fetch requests to their leaders (no consumer group: no 3 s join, no committed offsets),
 * lists offsets by time, and lists topics.
 * Every call is bounded: a dead broker gives DependencyUnavailableError naming the brokers within the
 * timeout, a missing topic NotFoundError naming it.
 */
export class KafkaGateway {
  readonly brokers: string[];
  readonly timeoutMs: number;
  #consumer: Consumer | null = null;
  #admin: Admin | null = null;
  /** Bumped whenever the clients are dropped, so that many calls failing together drop them once. */
  #generation = 0;
  /** Dropped clients, closed once the calls still running on them are past their deadline. */
  readonly #retired = new Set<{ close: () => Promise<void> }>();

  constructor(opts: { brokers: string[]; timeoutMs?: number; clientId?: string }) {
    this.brokers = opts.brokers;
    this.timeoutMs = opts.timeoutMs ?? 4000;
    this.clientId = opts.clientId ?? "nexus-control-plane";
  }
  private readonly clientId: string;

  private get consumer(): Consumer {
    this.#consumer ??= new Consumer({
      clientId: `${this.clientId}-reader`,
      groupId: `${this.clientId}-reader-unused`,
      bootstrapBrokers: this.brokers,
      timeout: this.timeoutMs,
      connectTimeout: Math.min(this.timeoutMs, 3000),
      retries: 1,
      retryDelay: 200,
      metadataMaxAge: 10_000,
    });
    return this.#consumer;
  }

  private get admin(): Admin {
    this.#admin ??= new Admin({
      clientId: `${this.clientId}-admin`,
      bootstrapBrokers: this.brokers,
      timeout: this.timeoutMs,
      connectTimeout: Math.min(this.timeoutMs, 3000),
      retries: 1,
      retryDelay: 200,
    });
    return this.#admin;
  }

  /**
   * Runs a Kafka call with the gateway's deadline and maps its failures to domain errors. A call that misses
   * the deadline, or fails with something other than a Kafka error, drops the clients: the next call gets
   * fresh connections. An error thrown inside the client's response callback never completes its request
   * and leaks one of the connection's 5 in-flight slots; five of them left every later call unanswered
   * while the brokers were fine. Whatever wedges a client, it now costs one timeout.
   */
  async call<T>(what: string, fn: () => Promise<T>, topic?: string): Promise<T> {
    const generation = this.#generation;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new DependencyUnavailableError(
              "kafka",
              `no answer to ${what} from ${this.brokers.join(", ")} within ${this.timeoutMs} ms`,
            ),
          ),
        this.timeoutMs + 500,
      );
    });
    try {
      return await Promise.race([fn(), deadline]);
    } catch (e) {
      const mapped = mapKafkaError(e, { what, brokers: this.brokers, topic });
      // An AppError other than "unavailable" is Kafka's answer about the request: the clients are fine.
      const isAnswer = mapped instanceof AppError && !(mapped instanceof DependencyUnavailableError);
      if (!isAnswer && !isKafkaClientError(e)) this.dropClients(generation);
      throw mapped;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Forgets the current clients (once per generation) and closes them after the calls still on them have timed out. */
  private dropClients(generation: number): void {
    if (generation !== this.#generation) return;
    this.#generation++;
    const old = { consumer: this.#consumer, admin: this.#admin };
    this.#consumer = null;
    this.#admin = null;
    const retired = {
      close: () => Promise.allSettled([old.consumer?.close(true), old.admin?.close()]).then(() => undefined),
    };
    this.#retired.add(retired);
    setTimeout(() => {
      if (this.#retired.delete(retired)) void retired.close();
    }, this.timeoutMs + 1000).unref();
  }

  async listTopics(): Promise<string[]> {
    return this.call("list topics", () => this.admin.listTopics({ includeInternals: false }));
  }

  /** Metadata of `topics`; NotFoundError naming the first one that does not exist (or is Kafka's own). */
  async metadata(topics: string[]): Promise<KafkaTopicsMetadata> {
    // Kafka's own topics (`__consumer_offsets`, `__transaction_state`) are left out of the client's metadata
    // cache but kept as empty entries; its listOffsets then throws inside a response callback.
    const internal = topics.find((t) => t.startsWith("__"));
    if (internal) throw new NotFoundError(`topic ${internal} is internal to Kafka and is not read here`);
    return this.call(
      "metadata",
      async () => {
        const md = await this.consumer.metadata({ topics, autocreateTopics: false, forceUpdate: false });
        for (const t of topics) {
          if (!md.topics.has(t)) throw new NotFoundError(`topic ${t} does not exist on ${this.brokers.join(", ")}`);
          if (!md.topics.get(t)) throw new NotFoundError(`topic ${t} is internal to Kafka and is not read here`);
        }
        return topicsMetadata(md, topics);
      },
      topics[0],
    );
  }

  /** Partitions and replication factor of a topic; NotFoundError naming it when it does not exist. */
  async topicLayout(topic: string): Promise<TopicLayout> {
    const t = (await this.metadata([topic])).topics.get(topic)!;
    return { partitions: t.partitionsCount, replicationFactor: t.partitions[0]?.replicas.length ?? 1 };
  }

  /**
   * Creates a topic with `layout`, or with the brokers' defaults (num.partitions, default.replication.factor) without
   * one, and answers the layout the brokers applied. ConflictError when it exists already.
   */
  async createTopic(topic: string, layout: TopicLayout | null): Promise<TopicLayout> {
    const created = await this.call(
      "create topic",
      () =>
        this.admin
          .createTopics({
            topics: [topic],
            partitions: layout?.partitions,
            replicas: layout?.replicationFactor,
          })
          .catch((e: unknown) => {
            if (hasKafkaErrorCode(e, 36))
              throw new ConflictError(`topic ${topic} already exists on ${this.brokers.join(", ")}`); // TOPIC_ALREADY_EXISTS
            // INVALID_TOPIC_EXCEPTION, INVALID_PARTITIONS, INVALID_REPLICATION_FACTOR, INVALID_CONFIG, POLICY_VIOLATION: the request, not Kafka.
            if ([17, 37, 38, 40, 44].some((c) => hasKafkaErrorCode(e, c)))
              throw new ValidationError(`kafka refused to create topic ${topic}: ${describeKafkaError(e)}`);
            throw e;
          }),
      topic,
    );
    const c = created.find((x) => x.name === topic);
    return {
      partitions: c?.partitions ?? layout?.partitions ?? 0,
      replicationFactor: c?.replicas ?? layout?.replicationFactor ?? 0,
    };
  }

  /** Low, high and last-stable offsets of every partition. */
  async partitionOffsets(topic: string): Promise<PartitionOffsets[]> {
    const md = await this.metadata([topic]);
    const t = md.topics.get(topic)!;
    const [low, high, stable] = await this.call(
      "list offsets",
      () =>
        Promise.all([
          this.consumer.listOffsets({ topics: [topic], timestamp: EARLIEST }),
          this.consumer.listOffsets({
            topics: [topic],
            timestamp: LATEST,
            isolationLevel: FetchIsolationLevels.READ_UNCOMMITTED,
          }),
          this.consumer.listOffsets({
            topics: [topic],
            timestamp: LATEST,
            isolationLevel: FetchIsolationLevels.READ_COMMITTED,
          }),
        ]),
      topic,
    );
    return t.partitions.map((p, i) => ({
      partition: i,
      leader: p.leader,
      low: low.get(topic)![i]!,
      high: high.get(topic)![i]!,
      stable: stable.get(topic)![i]!,
    }));
  }

  /**
   * Per partition, the first offset whose timestamp is at or after `ms`; null where no record is that recent
   * (callers have the partition's offsets at hand and read that as its end).
   */
  async offsetsForTime(topic: string, ms: number): Promise<(bigint | null)[]> {
    await this.metadata([topic]);
    const r = await this.call(
      "list offsets by time",
      () =>
        this.consumer.listOffsets({
          topics: [topic],
          timestamp: BigInt(ms),
          isolationLevel: FetchIsolationLevels.READ_COMMITTED,
        }),
      topic,
    );
    return r.get(topic)!.map((o) => (o < 0n ? null : o));
  }

  /**
   * Reads committed records of one partition from `from` (inclusive) up to `end` (exclusive, default
   * the last stable offset), at most `max` of them. Transaction markers and aborted records are skipped.
   */
  async read(
    topic: string,
    partition: number,
    from: bigint,
    opts: { max: number; end?: bigint; maxBytes?: number },
  ): Promise<KafkaRecordOut[]> {
    const md = await this.metadata([topic]);
    const t = md.topics.get(topic)!;
    const p = t.partitions[partition];
    if (!p) throw new NotFoundError(`topic ${topic} has no partition ${partition} (it has ${t.partitionsCount})`);
    const out: KafkaRecordOut[] = [];
    let position = from;
    // Ask for about what is needed: the broker returns whole batches (at least one, however large), and
    // parsing 2 MB to show 50 records costs more than the round trip.
    let want = Math.min(opts.maxBytes ?? 2 * 1024 * 1024, Math.max(16 * 1024, opts.max * 512));
    for (let round = 0; round < 10_000 && out.length < opts.max; round++) {
      if (opts.end !== undefined && position >= opts.end) break;
      const res = await this.call(
        "fetch",
        () =>
          this.consumer
            .fetch({
              node: p.leader,
              isolationLevel: FetchIsolationLevels.READ_COMMITTED,
              maxWaitTime: 0,
              minBytes: 1,
              maxBytes: want,
              topics: [
                {
                  topicId: t.id,
                  partitions: [
                    {
                      partition,
                      fetchOffset: position,
                      currentLeaderEpoch: -1,
                      lastFetchedEpoch: -1,
                      partitionMaxBytes: want,
                    },
                  ],
                },
              ],
            })
            .catch((e: unknown) => {
              // OFFSET_OUT_OF_RANGE: nothing there (past the end, or removed by retention); the caller decides what that means.
              if (hasKafkaErrorCode(e, 1)) return null;
              throw e;
            }),
        topic,
      );
      const part = res?.responses[0]?.partitions[0];
      if (!part) break;
      if (part.errorCode === 1) break; // OFFSET_OUT_OF_RANGE, as above
      if (part.errorCode === 3)
        throw new NotFoundError(`topic ${topic} has no partition ${partition} on ${this.brokers.join(", ")}`);
      if (part.errorCode !== 0)
        throw new DependencyUnavailableError(
          "kafka",
          `fetch from ${topic}/${partition} failed with Kafka error code ${part.errorCode}`,
        );
      const end = opts.end === undefined || opts.end > part.lastStableOffset ? part.lastStableOffset : opts.end;
      if ((part.records ?? []).length === 0) break;
      const next = collectRecords(part, partition, { position, end, max: opts.max }, out);
      position = next.position;
      if (!next.advanced || position >= end) break;
      want = Math.min(want * 2, 8 * 1024 * 1024); // records larger than guessed: ask for more next time
    }
    return out;
  }

  /**
   * Brokers, controller, every topic's partitions with replicas, ISR and offsets, and consumer groups with
   * their committed offsets (the first `maxGroups`), for the health probe. Metadata is read fresh.
   */
  async clusterState(maxGroups = 100): Promise<KafkaClusterState> {
    const names = await this.listTopics();
    const md = await this.call("metadata", () =>
      this.consumer.metadata({ topics: names, autocreateTopics: false, forceUpdate: true }),
    );
    const present = names.filter((n) => md.topics.has(n));
    const [low, high] = present.length
      ? await this.call("list offsets", () =>
          Promise.all([
            this.consumer.listOffsets({ topics: present, timestamp: EARLIEST }),
            this.consumer.listOffsets({
              topics: present,
              timestamp: LATEST,
              isolationLevel: FetchIsolationLevels.READ_UNCOMMITTED,
            }),
          ]),
        )
      : [new Map<string, bigint[]>(), new Map<string, bigint[]>()];
    // Groups are asked of every live broker: refresh the admin's broker list first, and let a failure
    // here cost the lag figures, not the cluster's state.
    let listed = new Map<string, { state: unknown }>();
    let committed: Awaited<ReturnType<Admin["listConsumerGroupOffsets"]>> = [];
    let groupsError: string | null = null;
    try {
      await this.call("metadata", () => this.admin.metadata({ topics: [], forceUpdate: true }));
      listed = await this.call("list groups", () => this.admin.listGroups());
      const ids = [...listed.keys()].sort().slice(0, maxGroups);
      if (ids.length)
        committed = await this.call("list group offsets", () => this.admin.listConsumerGroupOffsets({ groups: ids }));
    } catch (e) {
      groupsError = e instanceof Error ? e.message : String(e);
    }
    const replicaIds = new Set<number>();
    const topics = present.map((name) => ({
      name,
      partitions: md.topics.get(name)!.partitions.map((p, i) => {
        for (const r of p.replicas) replicaIds.add(r);
        return {
          partition: i,
          leader: p.leader,
          replicas: p.replicas,
          isr: p.isr,
          low: low.get(name)?.[i] ?? 0n,
          high: high.get(name)?.[i] ?? 0n,
        };
      }),
    }));
    return {
      clusterId: md.id,
      controllerId: md.controllerId,
      brokers: [...md.brokers.entries()]
        .map(([id, b]) => ({ id, host: b.host, port: b.port }))
        .sort((a, b) => a.id - b.id),
      replicaBrokerIds: [...replicaIds].sort((a, b) => a - b),
      topics,
      groups: committed.map((g) => ({
        group: g.groupId,
        state: String(listed.get(g.groupId)?.state ?? "UNKNOWN"),
        offsets: g.topics.flatMap((t) =>
          t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, committed: p.committedOffset })),
        ),
      })),
      groupsTruncated: listed.size > committed.length && listed.size > maxGroups,
      groupsError,
    };
  }

  async close(): Promise<void> {
    const c = this.#consumer;
    const a = this.#admin;
    this.#consumer = null;
    this.#admin = null;
    const retired = [...this.#retired];
    this.#retired.clear();
    await Promise.allSettled([c?.close(true), a?.close(), ...retired.map((r) => r.close())]);
  }
}

/** Our view of the client's metadata: only the topics asked for, each present. */
function topicsMetadata(md: ClusterMetadata, names: string[]): KafkaTopicsMetadata {
  const topics = new Map<string, KafkaTopicMetadata>();
  for (const name of names) {
    const t = md.topics.get(name)!;
    topics.set(name, {
      name,
      id: t.id,
      partitionsCount: t.partitionsCount,
      partitions: t.partitions.map((p) => ({ leader: p.leader, replicas: p.replicas, isr: p.isr })),
    });
  }
  return { topics };
}
