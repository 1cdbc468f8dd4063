import { beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../adapters/db/index.ts";
import { KafkaGateway } from "../adapters/kafka/index.ts";
import { DependencyUnavailableError, NotFoundError } from "../errors.ts";
import { browseTopic } from "./browse.ts";
import { q, seededDlqTopic, skip } from "./seeded-dlq-topic.fixture.ts";

describe.skipIf(skip)("DLQ browsing against the 3-broker cluster", () => {
  const fx = seededDlqTopic();
  const { T, id, kafka, readAll } = fx;
  let db: DbHandle;
  let tBetween = 0;
  beforeAll(async () => {
    db = fx.db;
    tBetween = fx.tBetween;
  });

  it("pages forward through every message exactly once, and backward from the latest", async () => {
    const all = await readAll();
    expect(all).toHaveLength(35);
    expect(new Set(all.map((m) => `${m.partition}:${m.offset}`)).size).toBe(35);
    const latest = await browseTopic({ kafka, db: db.prisma, topic: T.dlq, query: q({ from: "latest", limit: 5 }) });
    expect(latest.messages).toHaveLength(5);
    expect(latest.next).toBeNull();
    const older = await browseTopic({
      kafka,
      db: db.prisma,
      topic: T.dlq,
      query: q({ cursor: latest.prev!, limit: 5 }),
    });
    expect(older.messages).toHaveLength(5);
    const seen = new Set(latest.messages.map((m) => `${m.partition}:${m.offset}`));
    for (const m of older.messages) expect(seen.has(`${m.partition}:${m.offset}`)).toBe(false);
  });

  it("browses one partition from an offset and all partitions from a timestamp", async () => {
    const p = await browseTopic({
      kafka,
      db: db.prisma,
      topic: T.dlq,
      query: q({ partition: 1, from: "offset", offset: "2", limit: 3 }),
    });
    expect(p.messages.map((m) => [m.partition, m.offset])).toEqual([
      [1, "2"],
      [1, "3"],
      [1, "4"],
    ]);
    const after = await browseTopic({
      kafka,
      db: db.prisma,
      topic: T.dlq,
      query: q({ from: "timestamp", timestamp: new Date(tBetween).toISOString(), limit: 50 }),
    });
    expect(after.messages).toHaveLength(5);
    expect(after.messages.every((m) => Date.parse(m.timestamp) >= tBetween)).toBe(true);
  });

  it("normalizes Connect, Spring and seed errors, and decodes binary, null and large values", async () => {
    const all = await readAll();
    const connect = all.find((m) => m.key.text === "c-3")!;
    expect(connect.error).toMatchObject({
      format: "kafka-connect",
      originalTopic: T.orders,
      originalPartition: 1,
      originalOffset: "77",
      stage: "VALUE_CONVERTER",
    });
    expect(connect.value).toMatchObject({ kind: "json", text: '{\n  "order": 3\n}' });
    const spring = all.find((m) => m.key.text === "spring-4")!;
    expect(spring.error).toMatchObject({
      format: "spring-kafka",
      originalTopic: T.payments,
      originalPartition: 1,
      originalOffset: "1004",
      attempts: 3,
      timestamp: new Date(1700000000004).toISOString(),
    });
    expect(spring.headers.find((h) => h.key === "kafka_dlt-original-offset")!.value.kind).toBe("binary");
    const seed = all.find((m) => m.error.format === "seed")!;
    expect(seed.error).toMatchObject({ source: "api", originalTopic: null, attempts: 1 });
    const bin = all.find((m) => m.value.kind === "binary")!;
    expect(bin.value).toMatchObject({
      base64: Buffer.from([0, 1, 2, 0xfe, 0xff, 0x80, 0x00, 0x41]).toString("base64"),
      size: 8,
    });
    expect(all.find((m) => m.key.text === "tombstone")!.value).toMatchObject({ kind: "null", size: 0 });
    expect(all.find((m) => m.value.text === "binary-key")!.key).toMatchObject({
      kind: "binary",
      base64: Buffer.from([0, 255, 16, 0]).toString("base64"),
      size: 4,
    });
    const big = all.find((m) => m.value.size === 1_000_000)!;
    expect(big.value).toMatchObject({ kind: "text", truncated: true });
    expect(big.value.text).toHaveLength(16_384);

    // A source mapping names the seed's original topic.
    await db.prisma.dlqSourceMapping.create({ data: { dlqTopic: T.dlq, source: "api", targetTopic: T.events } });
    const mapped = (await readAll()).find((m) => m.error.format === "seed")!;
    expect(mapped.error).toMatchObject({ originalTopic: T.events, originalTopicFrom: "mapping" });
  });

  it("names a missing topic (404) and an unreachable broker (503) within 5 seconds", async () => {
    await expect(browseTopic({ kafka, db: db.prisma, topic: `missing_${id}`, query: q({}) })).rejects.toThrow(
      NotFoundError,
    );
    await expect(browseTopic({ kafka, db: db.prisma, topic: `missing_${id}`, query: q({}) })).rejects.toThrow(
      `missing_${id}`,
    );
    const dead = new KafkaGateway({ brokers: ["127.0.0.1:1"], timeoutMs: 3000 });
    const t0 = Date.now();
    const err = await browseTopic({ kafka: dead, db: db.prisma, topic: T.dlq, query: q({}) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DependencyUnavailableError);
    expect((err as Error).message).toContain("127.0.0.1:1");
    expect(Date.now() - t0).toBeLessThan(5000);
    await dead.close();
  });
});
