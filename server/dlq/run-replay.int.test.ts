import { beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../adapters/db/index.ts";
import { decodeChunk } from "./journal.ts";
import { submitReplay } from "./replays.ts";
import { runReplay } from "./run-replay.ts";
import { consumeWithKcat, log, scope, seededDlqTopic, skip } from "./seeded-dlq-topic.fixture.ts";

describe.skipIf(skip)("DLQ replay against the 3-broker cluster", () => {
  const fx = seededDlqTopic();
  const { T, kafka, readAll } = fx;
  let db: DbHandle;
  beforeAll(async () => {
    db = fx.db;
    // The seed's messages name no topic: a source mapping names it (the browse tests show the mapping at work).
    await db.prisma.dlqSourceMapping.create({ data: { dlqTopic: T.dlq, source: "api", targetTopic: T.events } });
  });

  it("replays selected messages to their original topics exactly once, with provenance headers and without error headers", async () => {
    const all = await readAll();
    const pick = [
      all.find((m) => m.key.text === "c-1")!,
      all.find((m) => m.key.text === "spring-2")!,
      all.find((m) => m.error.format === "seed")!,
    ];
    const principal = { username: "tester", role: "operator" } as never;
    const created = await submitReplay({
      kafka,
      db: db.prisma,
      scope,
      principal,
      kick: () => undefined,
      req: {
        sourceTopic: T.dlq,
        messages: pick.map((m) => ({ partition: m.partition, offset: m.offset })),
        ratePerSecond: 1000,
        loopGuard: 3,
        dryRun: false,
      },
    });
    if (created.dryRun) throw new Error("expected a replay");
    const res = await runReplay({
      db: db.prisma,
      kafka,
      replayId: created.replay.id,
      signal: new AbortController().signal,
      log,
      scope,
      progress: async () => undefined,
    });
    expect(res).toEqual({ sent: 3, skipped: 0, parked: 0 });

    const orders = consumeWithKcat(T.orders);
    expect(orders.map((m) => [m.key, m.payload])).toEqual([["c-1", '{"order":1}']]);
    expect(orders[0]!.headers).toEqual(
      expect.arrayContaining([
        "traceparent",
        "00-abc-def-01",
        "nexus-replay-id",
        created.replay.id,
        "nexus-replay-source-topic",
        T.dlq,
        "nexus-replay-count",
        "1",
      ]),
    );
    expect(orders[0]!.headers.some((h) => h.startsWith("__connect.errors."))).toBe(false);
    const payments = consumeWithKcat(T.payments);
    expect(payments.map((m) => m.key)).toEqual(["spring-2"]);
    expect(payments[0]!.headers.some((h) => h.startsWith("kafka_dlt-") || h.startsWith("retry_topic-"))).toBe(false);
    const events = consumeWithKcat(T.events);
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.payload!)).toEqual({
      user_id: JSON.parse(pick[2]!.value.text!).original_message.user_id,
      action: "click",
      retry_count: 2,
    });

    // Running it again (a resumed job) sends nothing more.
    const again = await runReplay({
      db: db.prisma,
      kafka,
      replayId: created.replay.id,
      signal: new AbortController().signal,
      log,
      scope,
      progress: async () => undefined,
    });
    expect(again).toEqual({ sent: 3, skipped: 0, parked: 0 });
    expect(consumeWithKcat(T.orders)).toHaveLength(1);

    // A crash after the Kafka commit but before the journal write: the journal is lost, the targets are not.
    // The resumed run finds its records in the targets by their replay id and sends nothing twice.
    await db.prisma.dlqReplayChunk.deleteMany({ where: { replayId: created.replay.id } });
    const recovered = await runReplay({
      db: db.prisma,
      kafka,
      replayId: created.replay.id,
      signal: new AbortController().signal,
      log,
      scope,
      progress: async () => undefined,
    });
    expect(recovered).toEqual({ sent: 3, skipped: 0, parked: 0 });
    expect(consumeWithKcat(T.orders)).toHaveLength(1);
    expect(consumeWithKcat(T.payments)).toHaveLength(1);
    const journal = await db.prisma.dlqReplayChunk.findMany({ where: { replayId: created.replay.id } });
    expect(journal.flatMap((c) => decodeChunk(c.entries))).toHaveLength(3);
  });

  it("replays by filter to an override topic, parks the looping record, and skips what has no target", async () => {
    const principal = { username: "tester", role: "operator" } as never;
    const created = await submitReplay({
      kafka,
      db: db.prisma,
      scope,
      principal,
      kick: () => undefined,
      req: {
        sourceTopic: T.dlq,
        filter: { originalTopic: T.events },
        targetTopic: T.override,
        parkingTopic: T.parking,
        ratePerSecond: 50,
        loopGuard: 3,
        dryRun: false,
      },
    });
    if (created.dryRun) throw new Error("expected a replay");
    const t0 = Date.now();
    const res = await runReplay({
      db: db.prisma,
      kafka,
      replayId: created.replay.id,
      signal: new AbortController().signal,
      log,
      scope,
      progress: async () => undefined,
    });
    expect(res).toEqual({ sent: 11, skipped: 0, parked: 1 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(200); // 12 records at 50/s
    const replayed = consumeWithKcat(T.override);
    expect(replayed).toHaveLength(11);
    // The binary key went through byte for byte (read back with our reader: kcat's JSON escapes it).
    const back = (await kafka.read(T.override, 0, 0n, { max: 100 })).concat(
      await kafka.read(T.override, 1, 0n, { max: 100 }),
      await kafka.read(T.override, 2, 0n, { max: 100 }),
    );
    expect(back.find((r) => r.value?.toString() === "binary-key")!.key).toEqual(Buffer.from([0, 255, 16, 0]));
    const parked = consumeWithKcat(T.parking);
    expect(parked.map((m) => m.key)).toEqual(["looped"]);
    const row = await db.prisma.dlqReplay.findUniqueOrThrow({ where: { id: created.replay.id } });
    expect(row).toMatchObject({
      state: "succeeded",
      sent: 11,
      parked: 1,
      byTarget: { [T.override]: 11, [T.parking]: 1 },
    });
  });
});
