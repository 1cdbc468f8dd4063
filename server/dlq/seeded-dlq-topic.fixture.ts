// Test support for the DLQ integration tests: a DLQ topic on the 3-broker test cluster holding 35 messages in the
// error formats we read (Kafka Connect, Spring Kafka, the seed's DLQHandler) plus binary, null, large and looping
// records, and kcat helpers to write and read topics the way other clients do.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Admin } from "@platformatic/kafka";
import pino from "pino";
import { afterAll, beforeAll } from "vitest";
import { testDatabases } from "../../test/databases.ts";
import type { DbHandle } from "../adapters/db/index.ts";
import { KafkaGateway } from "../adapters/kafka/index.ts";
import { browseTopic } from "./browse.ts";
import { BrowseQuery, type DlqMessage } from "./contract.ts";

// Started by `bash scripts/test-env/kafka.sh up` (npm test does it).
const bootstrap = process.env.KAFKA_BOOTSTRAP ?? "";
const brokers = bootstrap.split(",").filter(Boolean);
const python = `${process.env.NEXUS_TEST_VENV ?? "/var/cache/nexus-test/venv"}/bin/python`;
export const skip = process.env.NEXUS_SKIP_KAFKA === "1";
export const log = pino({ level: "silent" });
export const scope = { dlqTopicPattern: "^(dlq|DLQ)([._-].*)?$|[._-](dlq|DLQ|dlt|DLT)$", replayTargetPattern: null };

function kcat(args: string[], input?: string | Buffer): string {
  return execFileSync("kcat", ["-b", brokers[0]!, ...args], {
    input,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 30_000,
  });
}

/** Reads a whole topic with kcat as JSON envelopes (headers and all). */
export function consumeWithKcat(
  topic: string,
): { key: string | null; payload: string | null; headers: string[]; partition: number; offset: number }[] {
  const out = kcat(["-C", "-t", topic, "-o", "beginning", "-e", "-q", "-J", "-X", "isolation.level=read_committed"]);
  return out
    .split("\n")
    .filter(Boolean)
    .map(
      (l) =>
        JSON.parse(l) as {
          key: string | null;
          payload: string | null;
          headers?: string[];
          partition: number;
          offset: number;
        },
    )
    .map((m) => ({ ...m, headers: m.headers ?? [] }));
}

export function q(over: Record<string, unknown>): BrowseQuery {
  return BrowseQuery.parse(over);
}

export type SeededDlqTopic = {
  id: string;
  /** The DLQ topic, the original topics its messages name, and an override and a parking topic for replays. */
  T: Record<"dlq" | "orders" | "payments" | "events" | "override" | "parking", string>;
  kafka: KafkaGateway;
  /** Open once beforeAll has run. */
  db: DbHandle;
  /** A moment between the 30 older messages and the 5 newer ones. */
  tBetween: number;
  /** Every message of the DLQ topic, paged forward 7 at a time, with the filters of `extra`. */
  readAll(extra?: Record<string, unknown>): Promise<DlqMessage[]>;
};

/** Creates and fills fresh topics before the tests of the calling describe block, and deletes them after. */
export function seededDlqTopic(): SeededDlqTopic {
  const id = randomUUID().slice(0, 8);
  const T = {
    dlq: `dlq_it_${id}`,
    orders: `orders_${id}`,
    payments: `payments_${id}`,
    events: `events_${id}`,
    override: `override_${id}`,
    parking: `parking_${id}`,
  };
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
    kcat(
      [
        "-P",
        "-t",
        T.dlq,
        "-K",
        "\t",
        "-H",
        `__connect.errors.topic=${T.orders}`,
        "-H",
        "__connect.errors.partition=1",
        "-H",
        "__connect.errors.offset=77",
        "-H",
        "__connect.errors.connector.name=s3-sink",
        "-H",
        "__connect.errors.task.id=0",
        "-H",
        "__connect.errors.stage=VALUE_CONVERTER",
        "-H",
        "__connect.errors.exception.class.name=org.apache.kafka.connect.errors.DataException",
        "-H",
        "__connect.errors.exception.message=Converting byte[] to Kafka Connect data failed",
        "-H",
        "traceparent=00-abc-def-01",
      ],
      connect + "\n",
    );
    // Spring Kafka style, with confluent-kafka: binary partition/offset/timestamp headers.
    execFileSync(
      python,
      [join(import.meta.dirname, "../../test/fixtures/produce_spring_dlt.py"), bootstrap, T.dlq, T.payments, "10"],
      { timeout: 60_000 },
    );
    // The seed's DLQHandler format, with kcat: no headers, key = source, JSON envelope.
    const seed = Array.from(
      { length: 10 },
      (_, i) =>
        `api\t${JSON.stringify({
          original_message: { user_id: i, action: "click", retry_count: 0 },
          error: {
            type: i < 6 ? "ValueError" : "KeyError",
            message: i < 6 ? "Schema validation failed: user_id" : "'tour_id'",
            traceback: "None",
          },
          source: "api",
          timestamp: "2026-11-25T10:00:00.000001",
          retry_count: 1,
          metadata: i < 6 ? { schema_errors: ["user_id"] } : { processing_step: "enrich" },
        })}`,
    ).join("\n");
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
    execFileSync(
      python,
      [
        "-c",
        [
          "import sys; from confluent_kafka import Producer",
          "p = Producer({'bootstrap.servers': sys.argv[1]})",
          "p.produce(sys.argv[2], key=bytes([0, 255, 16, 0]), value=b'binary-key', partition=0, headers=[('__connect.errors.topic', sys.argv[3].encode())])",
          "p.flush(30)",
        ].join("\n"),
        bootstrap,
        T.dlq,
        T.events,
      ],
      { timeout: 60_000 },
    );
    kcat(
      [
        "-P",
        "-t",
        T.dlq,
        "-p",
        "2",
        "-K",
        "\t",
        "-H",
        `__connect.errors.topic=${T.events}`,
        "-H",
        "__connect.errors.exception.class.name=Boom",
        "-H",
        "nexus-replay-count=3",
        "-H",
        "nexus-replay-id=earlier",
      ],
      "looped\tagain\n",
    );
  }, 120_000);

  afterAll(async () => {
    await admin.deleteTopics({ topics: Object.values(T) }).catch(() => undefined);
    await admin.close();
    await kafka.close();
    await db?.close();
  });

  async function readAll(extra: Record<string, unknown> = {}): Promise<DlqMessage[]> {
    const all: DlqMessage[] = [];
    let page = await browseTopic({
      kafka,
      db: db.prisma,
      topic: T.dlq,
      query: q({ from: "earliest", limit: 7, ...extra }),
    });
    all.push(...page.messages);
    for (let i = 0; page.next && i < 100; i++) {
      page = await browseTopic({
        kafka,
        db: db.prisma,
        topic: T.dlq,
        query: q({ cursor: page.next, limit: 7, ...extra }),
      });
      all.push(...page.messages);
    }
    return all;
  }

  return {
    id,
    T,
    kafka,
    readAll,
    get db() {
      return db;
    },
    get tBetween() {
      return tBetween;
    },
  };
}
