import { beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../adapters/db/index.ts";
import { summarizeTopic } from "./topics.ts";
import { seededDlqTopic, skip } from "./seeded-dlq-topic.fixture.ts";

describe.skipIf(skip)("DLQ topic summary against the 3-broker cluster", () => {
  const fx = seededDlqTopic();
  const { T, kafka } = fx;
  let db: DbHandle;
  beforeAll(async () => {
    db = fx.db;
  });

  it("summarizes the topic from watermarks and the newest messages", async () => {
    const s = await summarizeTopic({ kafka, db: db.prisma, topic: T.dlq });
    expect(s.partitions).toHaveLength(3);
    expect(s.messages).toBe(35);
    expect(s.growthLastHour).toBe(35);
    expect(s.oldest && s.newest && s.oldest <= s.newest).toBe(true);
    expect(s.topErrors.map((e) => e.errorClass)).toContain("org.apache.kafka.connect.errors.DataException");
  });
});
