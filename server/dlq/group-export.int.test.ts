import { beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../adapters/db/index.ts";
import type { DlqMessage } from "./contract.ts";
import { exportMessages, groupMessages } from "./group-export.ts";
import { seededDlqTopic, skip } from "./seeded-dlq-topic.fixture.ts";

describe.skipIf(skip)("DLQ filters, groups and export against the 3-broker cluster", () => {
  const fx = seededDlqTopic();
  const { T, kafka, readAll } = fx;
  let db: DbHandle;
  let tBetween = 0;
  beforeAll(async () => {
    db = fx.db;
    tBetween = fx.tBetween;
  });

  it("filters by error class, original topic, text and time, and groups with counts", async () => {
    expect(await readAll({ errorClass: "ValueError" })).toHaveLength(6);
    expect(await readAll({ originalTopic: T.payments })).toHaveLength(10);
    const text = await readAll({ text: "record 7" });
    expect(text.map((m) => m.key.text)).toEqual(["spring-7"]);
    expect(await readAll({ since: new Date(tBetween).toISOString() })).toHaveLength(5);
    const g = await groupMessages({ source: kafka, db: db.prisma, topic: T.dlq, filter: {}, by: "errorClass" });
    expect(g.matched).toBe(35);
    expect(Object.fromEntries(g.groups.map((x) => [x.value, x.count]))).toMatchObject({
      "org.apache.kafka.connect.errors.DataException": 10,
      ValueError: 6,
      KeyError: 4,
      "org.springframework.kafka.listener.ListenerExecutionFailedException (cause java.lang.IllegalStateException)": 10,
    });
  });

  it("exports what a filter matches as JSON lines and CSV", async () => {
    const text = async (s: Promise<{ open: () => ReadableStream<Uint8Array> }>) =>
      new Response((await s).open()).text();
    const jsonl = (
      await text(
        exportMessages({
          source: kafka,
          db: db.prisma,
          topic: T.dlq,
          filter: { errorClass: "KeyError" },
          format: "jsonl",
          maxBytes: 1 << 30,
        }),
      )
    )
      .trim()
      .split("\n");
    expect(jsonl).toHaveLength(4);
    expect((JSON.parse(jsonl[0]!) as DlqMessage).error.errorClass).toBe("KeyError");
    const csv = (
      await text(
        exportMessages({
          source: kafka,
          db: db.prisma,
          topic: T.dlq,
          filter: { originalTopic: T.payments },
          format: "csv",
          maxBytes: 1 << 30,
        }),
      )
    )
      .trim()
      .split("\n");
    expect(csv).toHaveLength(11);
    expect(csv[0]).toBe(
      "topic,partition,offset,timestamp,format,originalTopic,errorClass,message,stage,attempts,key,value",
    );
  });
});
