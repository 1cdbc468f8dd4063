import { beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../adapters/db/index.ts";
import { planReplay } from "./replays.ts";
import { scope, seededDlqTopic, skip } from "./seeded-dlq-topic.fixture.ts";

describe.skipIf(skip)("DLQ replay planning against the 3-broker cluster", () => {
  const fx = seededDlqTopic();
  const { T, kafka } = fx;
  let db: DbHandle;
  beforeAll(async () => {
    db = fx.db;
    // The seed's messages name no topic: a source mapping names it (the browse tests show the mapping at work).
    await db.prisma.dlqSourceMapping.create({ data: { dlqTopic: T.dlq, source: "api", targetTopic: T.events } });
  });

  it("dry-runs a replay: counts per target with samples, and what is skipped and why", async () => {
    const spec = {
      sourceTopic: T.dlq,
      messages: null,
      filter: {},
      targetTopic: null,
      loopGuard: 3,
      parkingTopic: null,
      maxMessages: null,
      endOffsets: Object.fromEntries(
        (await kafka.partitionOffsets(T.dlq)).map((p) => [String(p.partition), p.stable.toString()]),
      ),
    };
    const plan = await planReplay({ kafka, db: db.prisma, spec, scope });
    expect(Object.fromEntries(plan.byTarget.map((t) => [t.topic, t.count]))).toEqual({
      [T.orders]: 11,
      [T.payments]: 10,
      [T.events]: 11,
    });
    expect(plan.byTarget[0]!.samples.length).toBeGreaterThan(0);
    expect(plan.skipped.map((s) => [s.reason.split(":")[0], s.count]).sort()).toEqual([
      ["loop guard", 1],
      ["no original topic in the message", 2],
    ]);
  });
});
