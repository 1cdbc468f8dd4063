import { Admin, Consumer, FetchIsolationLevels, GenericError, MultipleErrors, type ClusterMetadata } from "@platformatic/kafka";
import { AppError, ConflictError, DependencyUnavailableError, ForbiddenError, NotFoundError, ValidationError } from "../../errors.ts";

/** One record as read from a partition, bytes untouched. */
export type KafkaRecordOut = {
  partition: number;
  offset: bigint;
  timestamp: bigint;
  key: Buffer | null;
  value: Buffer | null;
  headers: [string, Buffer | null][];
};

/** What the health probe reads of a cluster in one pass. */
export type KafkaClusterState = {
  clusterId: string;
  controllerId: number;
  brokers: { id: number; host: string; port: number }[];
  /** Every broker id that a partition lists as a replica: the brokers the cluster expects. */
  replicaBrokerIds: number[];
  topics: { name: string; partitions: { partition: number; leader: number; replicas: number[]; isr: number[]; low: bigint; high: bigint }[] }[];
  groups: { group: string; state: string; offsets: { topic: string; partition: number; committed: bigint }[] }[];
  groupsTruncated: boolean;
  /** Why groups and their offsets could not be read this time, if they could not. */
  groupsError: string | null;
};

/** How a topic is laid out: what a new topic copies from another one. */
export type TopicLayout = { partitions: number; replicationFactor: number };

export type PartitionOffsets = { partition: number; leader: number; low: bigint; high: bigint; stable: bigint };

const EARLIEST = -2n;
const LATEST = -1n;
/** Batch attribute bits (Kafka record batch v2). */
const ATTR_TRANSACTIONAL = 0x10;
const ATTR_CONTROL = 0x20;

/**
 * The Kafka side of the DLQ capability. Reads partitions directly with Fetch requests to their leaders
 * (no consumer group: no 3 s join, no committed offsets), lists offsets by time, and lists topics.
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
      clientId: `${this.clientId}-reader`, groupId: `${this.clientId}-reader-unused`, bootstrapBrokers: this.brokers,
      timeout: this.timeoutMs, connectTimeout: Math.min(this.timeoutMs, 3000), retries: 1, retryDelay: 200, metadataMaxAge: 10_000,
    });
    return this.#consumer;
  }

  private get admin(): Admin {
    this.#admin ??= new Admin({
      clientId: `${this.clientId}-admin`, bootstrapBrokers: this.brokers,
      timeout: this.timeoutMs, connectTimeout: Math.min(this.timeoutMs, 3000), retries: 1, retryDelay: 200,
    });
    return this.#admin;
  }

  /**
   * Runs a Kafka call with the gateway's deadline and maps its failures to domain errors. A call that misses
   * the deadline, or fails with something other than a Kafka error, drops the clients: the next call gets
   * fresh connections. An error thrown inside the client's response callback never completes its request
   * and leaks one of the connection's 5 in-flight slots; five of them left every later call unanswered
   * while the brokers were fine (issue #14). Whatever wedges a client, it now costs one timeout.
   */
  async call<T>(what: string, fn: () => Promise<T>, topic?: string): Promise<T> {
    const generation = this.#generation;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DependencyUnavailableError("kafka", `no answer to ${what} from ${this.brokers.join(", ")} within ${this.timeoutMs} ms`)), this.timeoutMs + 500);
    });
    try {
      return await Promise.race([fn(), deadline]);
    } catch (e) {
      const mapped = this.mapError(e, what, topic);
      // An AppError other than "unavailable" is Kafka's answer about the request: the clients are fine.
      const isAnswer = mapped instanceof AppError && !(mapped instanceof DependencyUnavailableError);
      if (!isAnswer && !(e instanceof GenericError || e instanceof MultipleErrors)) this.dropClients(generation);
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
    const retired = { close: () => Promise.allSettled([old.consumer?.close(true), old.admin?.close()]).then(() => undefined) };
    this.#retired.add(retired);
    setTimeout(() => {
      if (this.#retired.delete(retired)) void retired.close();
    }, this.timeoutMs + 1000).unref();
  }

  private mapError(e: unknown, what: string, topic?: string): unknown {
    if (e instanceof AppError) return e;
    const text = describeKafkaError(e);
    // TOPIC_AUTHORIZATION_FAILED: the brokers' authorizer refuses this app's principal; retrying cannot change that.
    if (/TOPIC_AUTHORIZATION_FAILED|Topic authorization failed/i.test(text) || hasKafkaErrorCode(e, 29)) {
      return new ForbiddenError(`kafka refused access to ${topic ? `topic ${topic}` : "a topic"} (TOPIC_AUTHORIZATION_FAILED) on ${this.brokers.join(", ")}`);
    }
    if (/UNKNOWN_TOPIC_OR_PARTITION|UNKNOWN_TOPIC_ID|does not exist|Unknown topic/i.test(text)) {
      return new NotFoundError(topic ? `topic ${topic} does not exist on ${this.brokers.join(", ")}` : `topic does not exist: ${text}`);
    }
    if (e instanceof GenericError || e instanceof MultipleErrors) {
      return new DependencyUnavailableError("kafka", `${what} failed against ${this.brokers.join(", ")}: ${text}`, { cause: e });
    }
    return e;
  }

  async listTopics(): Promise<string[]> {
    return this.call("list topics", () => this.admin.listTopics({ includeInternals: false }));
  }

  async metadata(topics: string[]): Promise<ClusterMetadata> {
    // Kafka's own topics (`__consumer_offsets`, `__transaction_state`) are left out of the client's metadata
    // cache but kept as empty entries; its listOffsets then throws inside a response callback.
    const internal = topics.find((t) => t.startsWith("__"));
    if (internal) throw new NotFoundError(`topic ${internal} is internal to Kafka and is not read here`);
    return this.call("metadata", async () => {
      const md = await this.consumer.metadata({ topics, autocreateTopics: false, forceUpdate: false });
      for (const t of topics) {
        if (!md.topics.has(t)) throw new NotFoundError(`topic ${t} does not exist on ${this.brokers.join(", ")}`);
        if (!md.topics.get(t)) throw new NotFoundError(`topic ${t} is internal to Kafka and is not read here`);
      }
      return md;
    }, topics[0]);
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
    const created = await this.call("create topic", () => this.admin.createTopics({
      topics: [topic], partitions: layout?.partitions, replicas: layout?.replicationFactor,
    }).catch((e: unknown) => {
      if (hasKafkaErrorCode(e, 36)) throw new ConflictError(`topic ${topic} already exists on ${this.brokers.join(", ")}`); // TOPIC_ALREADY_EXISTS
      // INVALID_TOPIC_EXCEPTION, INVALID_PARTITIONS, INVALID_REPLICATION_FACTOR, INVALID_CONFIG, POLICY_VIOLATION: the request, not Kafka.
      if ([17, 37, 38, 40, 44].some((c) => hasKafkaErrorCode(e, c))) throw new ValidationError(`kafka refused to create topic ${topic}: ${describeKafkaError(e)}`);
      throw e;
    }), topic);
    const c = created.find((x) => x.name === topic);
    return { partitions: c?.partitions ?? layout?.partitions ?? 0, replicationFactor: c?.replicas ?? layout?.replicationFactor ?? 0 };
  }

  /** Low, high and last-stable offsets of every partition. */
  async partitionOffsets(topic: string): Promise<PartitionOffsets[]> {
    const md = await this.metadata([topic]);
    const t = md.topics.get(topic)!;
    const [low, high, stable] = await this.call("list offsets", () => Promise.all([
      this.consumer.listOffsets({ topics: [topic], timestamp: EARLIEST }),
      this.consumer.listOffsets({ topics: [topic], timestamp: LATEST, isolationLevel: FetchIsolationLevels.READ_UNCOMMITTED }),
      this.consumer.listOffsets({ topics: [topic], timestamp: LATEST, isolationLevel: FetchIsolationLevels.READ_COMMITTED }),
    ]), topic);
    return t.partitions.map((p, i) => ({
      partition: i, leader: p.leader, low: low.get(topic)![i]!, high: high.get(topic)![i]!, stable: stable.get(topic)![i]!,
    }));
  }

  /**
   * Per partition, the first offset whose timestamp is at or after `ms`; null where no record is that recent
   * (callers have the partition's offsets at hand and read that as its end).
   */
  async offsetsForTime(topic: string, ms: number): Promise<(bigint | null)[]> {
    await this.metadata([topic]);
    const r = await this.call("list offsets by time", () => this.consumer.listOffsets({ topics: [topic], timestamp: BigInt(ms), isolationLevel: FetchIsolationLevels.READ_COMMITTED }), topic);
    return r.get(topic)!.map((o) => (o < 0n ? null : o));
  }

  /**
   * Reads committed records of one partition from `from` (inclusive) up to `end` (exclusive, default
   * the last stable offset), at most `max` of them. Transaction markers and aborted records are skipped.
   */
  async read(topic: string, partition: number, from: bigint, opts: { max: number; end?: bigint; maxBytes?: number }): Promise<KafkaRecordOut[]> {
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
      const res = await this.call("fetch", () => this.consumer.fetch({
        node: p.leader, isolationLevel: FetchIsolationLevels.READ_COMMITTED, maxWaitTime: 0, minBytes: 1,
        maxBytes: want,
        topics: [{ topicId: t.id, partitions: [{ partition, fetchOffset: position, currentLeaderEpoch: -1, lastFetchedEpoch: -1, partitionMaxBytes: want }] }],
      }).catch((e: unknown) => {
        // OFFSET_OUT_OF_RANGE: nothing there (past the end, or removed by retention); the caller decides what that means.
        if ((e instanceof GenericError && e.findBy("apiCode", 1)) || (e instanceof MultipleErrors && e.findBy("apiCode", 1))) return null;
        throw e;
      }), topic);
      const part = res?.responses[0]?.partitions[0];
      if (!part) break;
      if (part.errorCode === 1) break; // OFFSET_OUT_OF_RANGE, as above
      if (part.errorCode === 3) throw new NotFoundError(`topic ${topic} has no partition ${partition} on ${this.brokers.join(", ")}`);
      if (part.errorCode !== 0) throw new DependencyUnavailableError("kafka", `fetch from ${topic}/${partition} failed with Kafka error code ${part.errorCode}`);
      const end = opts.end === undefined || opts.end > part.lastStableOffset ? part.lastStableOffset : opts.end;
      const batches = part.records ?? [];
      if (batches.length === 0) break;
      const aborted = new Map<bigint, bigint>(); // producerId -> first aborted offset
      const pendingAborts = [...(part.abortedTransactions ?? [])].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : 1));
      let advanced = false;
      for (const batch of batches) {
        while (pendingAborts.length && pendingAborts[0]!.firstOffset <= batch.firstOffset + BigInt(batch.lastOffsetDelta)) {
          const a = pendingAborts.shift()!;
          aborted.set(a.producerId, a.firstOffset);
        }
        const nextAfter = batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n;
        if (batch.attributes & ATTR_CONTROL) {
          aborted.delete(batch.producerId);
          if (nextAfter > position) { position = nextAfter; advanced = true; }
          continue;
        }
        const isAborted = (batch.attributes & ATTR_TRANSACTIONAL) !== 0 && aborted.has(batch.producerId);
        for (const r of batch.records) {
          const offset = batch.firstOffset + BigInt(r.offsetDelta);
          if (offset < position || offset >= end) continue;
          if (!isAborted) {
            out.push({
              partition, offset, timestamp: batch.firstTimestamp + r.timestampDelta, key: r.key ?? null, value: r.value ?? null,
              headers: r.headers.map(([k, v]) => [k ? k.toString("utf8") : "", v ?? null]),
            });
          }
          position = offset + 1n;
          advanced = true;
          if (out.length >= opts.max) break;
        }
        if (out.length >= opts.max) break;
        if (nextAfter > position && nextAfter <= end) { position = nextAfter; advanced = true; }
      }
      if (!advanced || position >= end) break;
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
    const md = await this.call("metadata", () => this.consumer.metadata({ topics: names, autocreateTopics: false, forceUpdate: true }));
    const present = names.filter((n) => md.topics.has(n));
    const [low, high] = present.length
      ? await this.call("list offsets", () => Promise.all([
        this.consumer.listOffsets({ topics: present, timestamp: EARLIEST }),
        this.consumer.listOffsets({ topics: present, timestamp: LATEST, isolationLevel: FetchIsolationLevels.READ_UNCOMMITTED }),
      ]))
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
      if (ids.length) committed = await this.call("list group offsets", () => this.admin.listConsumerGroupOffsets({ groups: ids }));
    } catch (e) {
      groupsError = e instanceof Error ? e.message : String(e);
    }
    const replicaIds = new Set<number>();
    const topics = present.map((name) => ({
      name,
      partitions: md.topics.get(name)!.partitions.map((p, i) => {
        for (const r of p.replicas) replicaIds.add(r);
        return { partition: i, leader: p.leader, replicas: p.replicas, isr: p.isr, low: low.get(name)?.[i] ?? 0n, high: high.get(name)?.[i] ?? 0n };
      }),
    }));
    return {
      clusterId: md.id, controllerId: md.controllerId,
      brokers: [...md.brokers.entries()].map(([id, b]) => ({ id, host: b.host, port: b.port })).sort((a, b) => a.id - b.id),
      replicaBrokerIds: [...replicaIds].sort((a, b) => a - b),
      topics,
      groups: committed.map((g) => ({
        group: g.groupId, state: String(listed.get(g.groupId)?.state ?? "UNKNOWN"),
        offsets: g.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, committed: p.committedOffset }))),
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

/** Whether a client error carries the Kafka error code `code` (one of its protocol errors, at any depth). */
export function hasKafkaErrorCode(e: unknown, code: number): boolean {
  if (e instanceof MultipleErrors) return e.findBy("apiCode", code) !== null;
  return e instanceof GenericError && e.findBy("apiCode", code) !== null;
}

export function describeKafkaError(e: unknown): string {
  if (e instanceof AggregateError && e.errors.length) {
    return [...new Set(e.errors.map(describeKafkaError))].join("; ");
  }
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    const own = e.message;
    return cause && cause !== e ? `${own} (${describeKafkaError(cause)})` : own;
  }
  return String(e);
}
