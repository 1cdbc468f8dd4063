import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Admin } from "@platformatic/kafka";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/databases.ts";
import type { DbHandle } from "../adapters/db/index.ts";
import { KafkaGateway } from "../adapters/kafka/kafka-gateway.ts";
import { DependencyUnavailableError, NotFoundError } from "../errors.ts";
import { browseTopic } from "./browse.ts";
import { BrowseQuery, type DlqMessage } from "./contract.ts";
import { exportMessages, groupMessages } from "./group-export.ts";
import { decodeChunk } from "./journal.ts";
import { planReplay, submitReplay } from "./replays.ts";
import { runReplay } from "./run-replay.ts";
import { summarizeTopic } from "./topics.ts";

// Started by `bash scripts/test-env/kafka.sh up` (npm test does it).
const bootstrap = process.env.KAFKA_BOOTSTRAP ?? "";
const brokers = bootstrap.split(",").filter(Boolean);
const python = `${process.env.NEXUS_TEST_VENV ?? "/var/cache/nexus-test/venv"}/bin/python`;
const skip = process.env.NEXUS_SKIP_KAFKA === "1";
const id = randomUUID().slice(0, 8);
const T = {
  dlq: `dlq_it_${id}`, orders: `orders_${id}`, payments: `payments_${id}`, events: `events_${id}`, override: `override_${id}`, parking: `parking_${id}`,
};
const log = pino({ level: "silent" });
const scope = { dlqTopicPattern: "^(dlq|DLQ)([._-].*)?$|[._-](dlq|DLQ|dlt|DLT)$", replayTargetPattern: null };

function kcat(args: string[], input?: string | Buffer): string {
  return execFileSync("kcat", ["-b", brokers[0]!, ...args], { input, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 30_000 });
}

/** Reads a whole topic with kcat as JSON envelopes (headers and all). */
function consumeWithKcat(topic: string): { key: string | null; payload: string | null; headers: string[]; partition: number; offset: number }[] {
  const out = kcat(["-C", "-t", topic, "-o", "beginning", "-e", "-q", "-J", "-X", "isolation.level=read_committed"]);
  return out.split("\n").filter(Boolean).map((l) => JSON.parse(l) as { key: string | null; payload: string | null; headers?: string[]; partition: number; offset: number })
    .map((m) => ({ ...m, headers: m.headers ?? [] }));
}

function q(over: Record<string, unknown>): BrowseQuery {
  return BrowseQuery.parse(over);
}

describe.skipIf(skip)("DLQ inspect and replay against the 3-broker cluster", () => {
  const admin = new Admin({ clientId: "nexus-dlq-test", bootstrapBrokers: brokers });
  const kafka = new KafkaGateway({ brokers });
  let db: DbHandle;
  let tBetween = 0;

  beforeAll(async () => {
    if (!brokers.length) throw new Error("KAFKA_BOOTSTRAP is not set: run `bash scripts/test-env/kafka.sh up`");
    await admin.createTopics({ topics: Object.values(T), partitions: 3, replicas: 3 });
    db = await testDatabases()[0]!.open();

    // Kafka Connect style, with kcat: errors in __connect.errors.* text headers.
    const connect = Array.from({ length: 10 }, (_, i) => `c-${i}\t{"order":${i}}`).join("\n");
    kcat(["-P", "-t", T.dlq, "-K", "\t",
      "-H", `__connect.errors.topic=${T.orders}`, "-H", "__connect.errors.partition=1", "-H", "__connect.errors.offset=77",
      "-H", "__connect.errors.connector.name=s3-sink", "-H", "__connect.errors.task.id=0", "-H", "__connect.errors.stage=VALUE_CONVERTER",
      "-H", "__connect.errors.exception.class.name=org.apache.kafka.connect.errors.DataException",
      "-H", "__connect.errors.exception.message=Converting byte[] to Kafka Connect data failed", "-H", "traceparent=00-abc-def-01"], connect + "\n");
    // Spring Kafka style, with confluent-kafka: binary partition/offset/timestamp headers.
    execFileSync(python, [join(import.meta.dirname, "../../test/fixtures/produce_spring_dlt.py"), bootstrap, T.dlq, T.payments, "10"], { timeout: 60_000 });
    // The seed's DLQHandler format, with kcat: no headers, key = source, JSON envelope.
    const seed = Array.from({ length: 10 }, (_, i) => `api\t${JSON.stringify({
      original_message: { user_id: i, action: "click", retry_count: 0 }, error: { type: i < 6 ? "ValueError" : "KeyError", message: i < 6 ? "Schema validation failed: user_id" : "'tour_id'", traceback: "None" },
      source: "api", timestamp: "2026-11-25T10:00:00.000001", retry_count: 1, metadata: i < 6 ? { schema_errors: ["user_id"] } : { processing_step: "enrich" },
    })}`).join("\n");
    kcat(["-P", "-t", T.dlq, "-K", "\t"], seed + "\n");
    await sleep(50);
    tBetween = Date.now();
    await sleep(50);
    // Binary value (a file is one message), a null value (-Z), a value near the broker's 1 MiB limit, and an
    // already-replayed record for the loop guard.
    const dir = mkdtempSync(join(tmpdir(), "dlq-it-"));
    writeFileSync(join(dir, "bin"), Buffer.from([0, 1, 2, 0xfe, 0xff, 0x80, 0x00, 0x41]));
    kcat(["-P", "-t", T.dlq, "-p", "0", join(dir, "bin")]);
    kcat(["-P", "-t", T.dlq, "-p", "1", "-K", "\t", "-Z", "-H", `__connect.errors.topic=${T.orders}`], "tombstone\t\n");
    writeFileSync(join(dir, "big"), "x".repeat(1_000_000));
    kcat(["-P", "-t", T.dlq, "-p", "2", "-X", "message.max.bytes=1048576", join(dir, "big")]);
    // A binary key (with NUL bytes, which kcat cannot take on its command line), written by confluent-kafka.
    execFileSync(python, ["-c", [
      "import sys; from confluent_kafka import Producer",
      "p = Producer({'bootstrap.servers': sys.argv[1]})",
      "p.produce(sys.argv[2], key=bytes([0, 255, 16, 0]), value=b'binary-key', partition=0, headers=[('__connect.errors.topic', sys.argv[3].encode())])",
      "p.flush(30)",
    ].join("\n"), bootstrap, T.dlq, T.events], { timeout: 60_000 });
    kcat(["-P", "-t", T.dlq, "-p", "2", "-K", "\t", "-H", `__connect.errors.topic=${T.events}`, "-H", "__connect.errors.exception.class.name=Boom",
      "-H", "nexus-replay-count=3", "-H", "nexus-replay-id=earlier"], "looped\tagain\n");
  }, 120_000);

  afterAll(async () => {
    await admin.deleteTopics({ topics: Object.values(T) }).catch(() => undefined);
    await admin.close();
    await kafka.close();
    await db?.close();
  });

  async function readAll(extra: Record<string, unknown> = {}): Promise<DlqMessage[]> {
    const all: DlqMessage[] = [];
    let page = await browseTopic({ kafka, db: db.prisma, topic: T.dlq, query: q({ from: "earliest", limit: 7, ...extra }) });
    all.push(...page.messages);
    for (let i = 0; page.next && i < 100; i++) {
      page = await browseTopic({ kafka, db: db.prisma, topic: T.dlq, query: q({ cursor: page.next, limit: 7, ...extra }) });
      all.push(...page.messages);
    }
    return all;
  }

  it("summarizes the topic from watermarks and the newest messages", async () => {
    const s = await summarizeTopic({ kafka, db: db.prisma, topic: T.dlq });
    expect(s.partitions).toHaveLength(3);
    expect(s.messages).toBe(35);
    expect(s.growthLastHour).toBe(35);
    expect(s.oldest && s.newest && s.oldest <= s.newest).toBe(true);
    expect(s.topErrors.map((e) => e.errorClass)).toContain("org.apache.kafka.connect.errors.DataException");
  });

  it("pages forward through every message exactly once, and backward from the latest", async () => {
    const all = await readAll();
    expect(all).toHaveLength(35);
    expect(new Set(all.map((m) => `${m.partition}:${m.offset}`)).size).toBe(35);
    const latest = await browseTopic({ kafka, db: db.prisma, topic: T.dlq, query: q({ from: "latest", limit: 5 }) });
    expect(latest.messages).toHaveLength(5);
    expect(latest.next).toBeNull();
    const older = await browseTopic({ kafka, db: db.prisma, topic: T.dlq, query: q({ cursor: latest.prev!, limit: 5 }) });
    expect(older.messages).toHaveLength(5);
    const seen = new Set(latest.messages.map((m) => `${m.partition}:${m.offset}`));
    for (const m of older.messages) expect(seen.has(`${m.partition}:${m.offset}`)).toBe(false);
  });

  it("browses one partition from an offset and all partitions from a timestamp", async () => {
    const p = await browseTopic({ kafka, db: db.prisma, topic: T.dlq, query: q({ partition: 1, from: "offset", offset: "2", limit: 3 }) });
    expect(p.messages.map((m) => [m.partition, m.offset])).toEqual([[1, "2"], [1, "3"], [1, "4"]]);
    const after = await browseTopic({ kafka, db: db.prisma, topic: T.dlq, query: q({ from: "timestamp", timestamp: new Date(tBetween).toISOString(), limit: 50 }) });
    expect(after.messages).toHaveLength(5);
    expect(after.messages.every((m) => Date.parse(m.timestamp) >= tBetween)).toBe(true);
  });

  it("normalizes Connect, Spring and seed errors, and decodes binary, null and large values", async () => {
    const all = await readAll();
    const connect = all.find((m) => m.key.text === "c-3")!;
    expect(connect.error).toMatchObject({ format: "kafka-connect", originalTopic: T.orders, originalPartition: 1, originalOffset: "77", stage: "VALUE_CONVERTER" });
    expect(connect.value).toMatchObject({ kind: "json", text: '{\n  "order": 3\n}' });
    const spring = all.find((m) => m.key.text === "spring-4")!;
    expect(spring.error).toMatchObject({ format: "spring-kafka", originalTopic: T.payments, originalPartition: 1, originalOffset: "1004", attempts: 3, timestamp: new Date(1700000000004).toISOString() });
    expect(spring.headers.find((h) => h.key === "kafka_dlt-original-offset")!.value.kind).toBe("binary");
    const seed = all.find((m) => m.error.format === "seed")!;
    expect(seed.error).toMatchObject({ source: "api", originalTopic: null, attempts: 1 });
    const bin = all.find((m) => m.value.kind === "binary")!;
    expect(bin.value).toMatchObject({ base64: Buffer.from([0, 1, 2, 0xfe, 0xff, 0x80, 0x00, 0x41]).toString("base64"), size: 8 });
    expect(all.find((m) => m.key.text === "tombstone")!.value).toMatchObject({ kind: "null", size: 0 });
    expect(all.find((m) => m.value.text === "binary-key")!.key).toMatchObject({ kind: "binary", base64: Buffer.from([0, 255, 16, 0]).toString("base64"), size: 4 });
    const big = all.find((m) => m.value.size === 1_000_000)!;
    expect(big.value).toMatchObject({ kind: "text", truncated: true });
    expect(big.value.text).toHaveLength(16_384);

    // A source mapping names the seed's original topic.
    await db.prisma.dlqSourceMapping.create({ data: { dlqTopic: T.dlq, source: "api", targetTopic: T.events } });
    const mapped = (await readAll()).find((m) => m.error.format === "seed")!;
    expect(mapped.error).toMatchObject({ originalTopic: T.events, originalTopicFrom: "mapping" });
  });

  it("filters by error class, original topic, text and time, and groups with counts", async () => {
    expect(await readAll({ errorClass: "ValueError" })).toHaveLength(6);
    expect(await readAll({ originalTopic: T.payments })).toHaveLength(10);
    const text = await readAll({ text: "record 7" });
    expect(text.map((m) => m.key.text)).toEqual(["spring-7"]);
    expect(await readAll({ since: new Date(tBetween).toISOString() })).toHaveLength(5);
    const g = await groupMessages({ kafka, db: db.prisma, topic: T.dlq, filter: {}, by: "errorClass" });
    expect(g.matched).toBe(35);
    expect(Object.fromEntries(g.groups.map((x) => [x.value, x.count]))).toMatchObject({
      "org.apache.kafka.connect.errors.DataException": 10, ValueError: 6, KeyError: 4,
      "org.springframework.kafka.listener.ListenerExecutionFailedException (cause java.lang.IllegalStateException)": 10,
    });
  });

  it("exports what a filter matches as JSON lines and CSV", async () => {
    const text = async (s: Promise<{ open: () => ReadableStream<Uint8Array> }>) => new Response((await s).open()).text();
    const jsonl = (await text(exportMessages({ kafka, db: db.prisma, topic: T.dlq, filter: { errorClass: "KeyError" }, format: "jsonl", maxBytes: 1 << 30 }))).trim().split("\n");
    expect(jsonl).toHaveLength(4);
    expect((JSON.parse(jsonl[0]!) as DlqMessage).error.errorClass).toBe("KeyError");
    const csv = (await text(exportMessages({ kafka, db: db.prisma, topic: T.dlq, filter: { originalTopic: T.payments }, format: "csv", maxBytes: 1 << 30 }))).trim().split("\n");
    expect(csv).toHaveLength(11);
    expect(csv[0]).toBe("topic,partition,offset,timestamp,format,originalTopic,errorClass,message,stage,attempts,key,value");
  });

  it("dry-runs a replay: counts per target with samples, and what is skipped and why", async () => {
    const spec = { sourceTopic: T.dlq, messages: null, filter: {}, targetTopic: null, loopGuard: 3, parkingTopic: null, maxMessages: null,
      endOffsets: Object.fromEntries((await kafka.partitionOffsets(T.dlq)).map((p) => [String(p.partition), p.stable.toString()])) };
    const plan = await planReplay({ kafka, db: db.prisma, spec, scope });
    expect(Object.fromEntries(plan.byTarget.map((t) => [t.topic, t.count]))).toEqual({ [T.orders]: 11, [T.payments]: 10, [T.events]: 11 });
    expect(plan.byTarget[0]!.samples.length).toBeGreaterThan(0);
    expect(plan.skipped.map((s) => [s.reason.split(":")[0], s.count]).sort()).toEqual([["loop guard", 1], ["no original topic in the message", 2]]);
  });

  it("replays selected messages to their original topics exactly once, with provenance headers and without error headers", async () => {
    const all = await readAll();
    const pick = [all.find((m) => m.key.text === "c-1")!, all.find((m) => m.key.text === "spring-2")!, all.find((m) => m.error.format === "seed")!];
    const principal = { username: "tester", role: "operator" } as never;
    const created = await submitReplay({ kafka, db: db.prisma, scope, principal, kick: () => undefined, req: {
      sourceTopic: T.dlq, messages: pick.map((m) => ({ partition: m.partition, offset: m.offset })), ratePerSecond: 1000, loopGuard: 3, dryRun: false,
    } });
    if (created.dryRun) throw new Error("expected a replay");
    const res = await runReplay({ db: db.prisma, kafka, replayId: created.replay.id, signal: new AbortController().signal, log, scope,
      progress: async () => undefined });
    expect(res).toEqual({ sent: 3, skipped: 0, parked: 0 });

    const orders = consumeWithKcat(T.orders);
    expect(orders.map((m) => [m.key, m.payload])).toEqual([["c-1", '{"order":1}']]);
    expect(orders[0]!.headers).toEqual(expect.arrayContaining(["traceparent", "00-abc-def-01", "nexus-replay-id", created.replay.id, "nexus-replay-source-topic", T.dlq, "nexus-replay-count", "1"]));
    expect(orders[0]!.headers.some((h) => h.startsWith("__connect.errors."))).toBe(false);
    const payments = consumeWithKcat(T.payments);
    expect(payments.map((m) => m.key)).toEqual(["spring-2"]);
    expect(payments[0]!.headers.some((h) => h.startsWith("kafka_dlt-") || h.startsWith("retry_topic-"))).toBe(false);
    const events = consumeWithKcat(T.events);
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.payload!)).toEqual({ user_id: JSON.parse(pick[2]!.value.text!).original_message.user_id, action: "click", retry_count: 2 });

    // Running it again (a resumed job) sends nothing more.
    const again = await runReplay({ db: db.prisma, kafka, replayId: created.replay.id, signal: new AbortController().signal, log, scope,
      progress: async () => undefined });
    expect(again).toEqual({ sent: 3, skipped: 0, parked: 0 });
    expect(consumeWithKcat(T.orders)).toHaveLength(1);

    // A crash after the Kafka commit but before the journal write: the journal is lost, the targets are not.
    // The resumed run finds its records in the targets by their replay id and sends nothing twice.
    await db.prisma.dlqReplayChunk.deleteMany({ where: { replayId: created.replay.id } });
    const recovered = await runReplay({ db: db.prisma, kafka, replayId: created.replay.id, signal: new AbortController().signal, log, scope,
      progress: async () => undefined });
    expect(recovered).toEqual({ sent: 3, skipped: 0, parked: 0 });
    expect(consumeWithKcat(T.orders)).toHaveLength(1);
    expect(consumeWithKcat(T.payments)).toHaveLength(1);
    const journal = await db.prisma.dlqReplayChunk.findMany({ where: { replayId: created.replay.id } });
    expect(journal.flatMap((c) => decodeChunk(c.entries))).toHaveLength(3);
  });

  it("replays by filter to an override topic, parks the looping record, and skips what has no target", async () => {
    const principal = { username: "tester", role: "operator" } as never;
    const created = await submitReplay({ kafka, db: db.prisma, scope, principal, kick: () => undefined, req: {
      sourceTopic: T.dlq, filter: { originalTopic: T.events }, targetTopic: T.override, parkingTopic: T.parking, ratePerSecond: 50, loopGuard: 3, dryRun: false,
    } });
    if (created.dryRun) throw new Error("expected a replay");
    const t0 = Date.now();
    const res = await runReplay({ db: db.prisma, kafka, replayId: created.replay.id, signal: new AbortController().signal, log, scope,
      progress: async () => undefined });
    expect(res).toEqual({ sent: 11, skipped: 0, parked: 1 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(200); // 12 records at 50/s
    const replayed = consumeWithKcat(T.override);
    expect(replayed).toHaveLength(11);
    // The binary key went through byte for byte (read back with our reader: kcat's JSON escapes it).
    const back = (await kafka.read(T.override, 0, 0n, { max: 100 })).concat(await kafka.read(T.override, 1, 0n, { max: 100 }), await kafka.read(T.override, 2, 0n, { max: 100 }));
    expect(back.find((r) => r.value?.toString() === "binary-key")!.key).toEqual(Buffer.from([0, 255, 16, 0]));
    const parked = consumeWithKcat(T.parking);
    expect(parked.map((m) => m.key)).toEqual(["looped"]);
    const row = await db.prisma.dlqReplay.findUniqueOrThrow({ where: { id: created.replay.id } });
    expect(row).toMatchObject({ state: "succeeded", sent: 11, parked: 1, byTarget: { [T.override]: 11, [T.parking]: 1 } });
  });

  it("names a missing topic (404) and an unreachable broker (503) within 5 seconds", async () => {
    await expect(browseTopic({ kafka, db: db.prisma, topic: `missing_${id}`, query: q({}) })).rejects.toThrow(NotFoundError);
    await expect(browseTopic({ kafka, db: db.prisma, topic: `missing_${id}`, query: q({}) })).rejects.toThrow(`missing_${id}`);
    const dead = new KafkaGateway({ brokers: ["127.0.0.1:1"], timeoutMs: 3000 });
    const t0 = Date.now();
    const err = await browseTopic({ kafka: dead, db: db.prisma, topic: T.dlq, query: q({}) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DependencyUnavailableError);
    expect((err as Error).message).toContain("127.0.0.1:1");
    expect(Date.now() - t0).toBeLessThan(5000);
    await dead.close();
  });
});
