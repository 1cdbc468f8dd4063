import { describe, expect, it } from "vitest";
import { decodePayload } from "./decode.ts";
import { decodeNumberHeader, isErrorHeader, normalizeError, replayValue, type RawHeader } from "./normalize-error.ts";

const b = (s: string) => Buffer.from(s, "utf8");
const int32 = (n: number) => {
  const x = Buffer.alloc(4);
  x.writeInt32BE(n);
  return x;
};
const int64 = (n: bigint) => {
  const x = Buffer.alloc(8);
  x.writeBigInt64BE(n);
  return x;
};

describe("decodePayload", () => {
  it("pretty-prints JSON, keeps text, shows binary as base64 and hex", () => {
    expect(decodePayload(b('{"a":1}'))).toEqual({
      kind: "json",
      text: '{\n  "a": 1\n}',
      base64: null,
      size: 7,
      truncated: false,
    });
    expect(decodePayload(b("héllo"))).toMatchObject({ kind: "text", text: "héllo", size: 6 });
    const bin = decodePayload(Buffer.from([0, 1, 2, 0xff]));
    expect(bin).toMatchObject({ kind: "binary", base64: "AAEC/w==", size: 4, truncated: false });
    expect(bin.text).toContain("00 01 02 ff");
    expect(decodePayload(null)).toMatchObject({ kind: "null", size: 0 });
    expect(decodePayload(b("{not json"))).toMatchObject({ kind: "text" });
  });

  it("cuts large values at a UTF-8 boundary and says so", () => {
    const big = b("é".repeat(1000)); // 2000 bytes
    const d = decodePayload(big, 1001);
    expect(d).toMatchObject({ kind: "text", size: 2000, truncated: true });
    expect(d.text).toBe("é".repeat(500));
  });
});

describe("decodeNumberHeader", () => {
  it("reads Spring's big-endian ints and longs and decimal text", () => {
    expect(decodeNumberHeader(int32(7))).toBe(7n);
    expect(decodeNumberHeader(int64(1234567890123n))).toBe(1234567890123n);
    expect(decodeNumberHeader(Buffer.from([3]))).toBe(3n);
    expect(decodeNumberHeader(b("42"))).toBe(42n);
    expect(decodeNumberHeader(null)).toBeNull();
  });
});

describe("normalizeError", () => {
  it("reads Kafka Connect's error headers", () => {
    const headers: RawHeader[] = [
      ["__connect.errors.topic", b("orders")],
      ["__connect.errors.partition", b("2")],
      ["__connect.errors.offset", b("1234")],
      ["__connect.errors.connector.name", b("s3-sink")],
      ["__connect.errors.task.id", b("0")],
      ["__connect.errors.stage", b("VALUE_CONVERTER")],
      ["__connect.errors.class.name", b("org.apache.kafka.connect.json.JsonConverter")],
      ["__connect.errors.exception.class.name", b("org.apache.kafka.connect.errors.DataException")],
      ["__connect.errors.exception.message", b("Converting byte[] to Kafka Connect data failed")],
      ["__connect.errors.exception.stacktrace", b("org.apache.kafka.connect.errors.DataException: ...\n\tat x")],
    ];
    expect(normalizeError(headers, b("garbage"))).toEqual({
      format: "kafka-connect",
      originalTopic: "orders",
      originalTopicFrom: "message",
      originalPartition: 2,
      originalOffset: "1234",
      errorClass: "org.apache.kafka.connect.errors.DataException",
      message: "Converting byte[] to Kafka Connect data failed",
      stage: "VALUE_CONVERTER · org.apache.kafka.connect.json.JsonConverter",
      timestamp: null,
      stackTrace: "org.apache.kafka.connect.errors.DataException: ...\n\tat x",
      attempts: null,
      source: "s3-sink/0",
      replayCount: 0,
    });
  });

  it("reads Spring Kafka's binary DLT and retry headers", () => {
    const headers: RawHeader[] = [
      ["kafka_dlt-original-topic", b("payments")],
      ["kafka_dlt-original-partition", int32(1)],
      ["kafka_dlt-original-offset", int64(99n)],
      ["kafka_dlt-original-timestamp", int64(1_700_000_000_000n)],
      ["kafka_dlt-original-consumer-group", b("billing")],
      ["kafka_dlt-exception-fqcn", b("org.springframework.kafka.listener.ListenerExecutionFailedException")],
      ["kafka_dlt-exception-cause-fqcn", b("java.lang.IllegalStateException")],
      ["kafka_dlt-exception-message", b("Listener failed; amount < 0")],
      ["kafka_dlt-exception-stacktrace", b("java.lang.IllegalStateException\n\tat A")],
      ["retry_topic-attempts", int32(4)],
    ];
    const e = normalizeError(headers, b("{}"));
    expect(e).toMatchObject({
      format: "spring-kafka",
      originalTopic: "payments",
      originalPartition: 1,
      originalOffset: "99",
      errorClass:
        "org.springframework.kafka.listener.ListenerExecutionFailedException (cause java.lang.IllegalStateException)",
      message: "Listener failed; amount < 0",
      stage: "consumer group billing",
      timestamp: "2023-11-14T22:13:20.000Z",
      attempts: 4,
    });
  });

  it("reads the seed's envelope and maps its source to a topic", () => {
    const v = b(
      JSON.stringify({
        original_message: { user_id: 7, retry_count: 1 },
        error: { type: "ValueError", message: "Schema validation failed: e1; e2", traceback: "None" },
        source: "api",
        timestamp: "2026-11-01T10:00:00.123456",
        retry_count: 2,
        metadata: { schema_errors: ["e1", "e2"] },
      }),
    );
    const e = normalizeError([], v, new Map([["api", "topic_user_events"]]));
    expect(e).toEqual({
      format: "seed",
      originalTopic: "topic_user_events",
      originalTopicFrom: "mapping",
      originalPartition: null,
      originalOffset: null,
      errorClass: "ValueError",
      message: "Schema validation failed: e1; e2",
      stage: "schema_validation",
      timestamp: "2026-11-01T10:00:00.123456",
      stackTrace: null,
      attempts: 2,
      source: "api",
      replayCount: 1,
    });
    expect(normalizeError([], v).originalTopic).toBeNull();
    // As the seed's retry_from_dlq: the original goes out with the envelope's retry_count + 1 (issue #15).
    expect(JSON.parse(Buffer.from(replayValue(v, "seed")!).toString())).toEqual({ user_id: 7, retry_count: 3 });
    const noCount = b(
      JSON.stringify({ original_message: { user_id: 8 }, error: { type: "E", message: "m" }, source: "api" }),
    );
    expect(JSON.parse(Buffer.from(replayValue(noCount, "seed")!).toString())).toEqual({ user_id: 8, retry_count: 1 });
  });

  it("reads the enhanced producer's variant (plain-string error, original_topic, a path for timestamp)", () => {
    const v = b(
      JSON.stringify({
        original_topic: "topic_bookings",
        original_message: "raw",
        error: "timeout",
        timestamp: "/tmp/x",
        retry_count: 3,
      }),
    );
    expect(normalizeError([], v)).toMatchObject({
      format: "seed-enhanced",
      originalTopic: "topic_bookings",
      message: "timeout",
      timestamp: null,
      attempts: 3,
    });
    expect(Buffer.from(replayValue(v, "seed-enhanced")!).toString()).toBe('"raw"');
  });

  it("counts earlier Nexus replays from the provenance header and leaves unknown messages alone", () => {
    expect(
      normalizeError(
        [
          ["nexus-replay-count", b("2")],
          ["nexus-replay-id", b("x")],
          ["nexus-replay-source-topic", b("dlq_a")],
        ],
        b("x"),
      ),
    ).toMatchObject({ format: "nexus-replay", replayCount: 2, originalTopic: "dlq_a" });
    expect(normalizeError([], null)).toMatchObject({ format: "unknown", originalTopic: null, replayCount: 0 });
    expect(
      isErrorHeader("kafka_dlt-exception-message") &&
        isErrorHeader("__connect.errors.topic") &&
        !isErrorHeader("traceparent"),
    ).toBe(true);
  });
});
