import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Started by `bash scripts/test-env/kafka.sh up` (npm test does it); KAFKA_BOOTSTRAP says where.
const bootstrap = process.env.KAFKA_BOOTSTRAP;
const skip = process.env.NEXUS_SKIP_KAFKA === "1";

describe.skipIf(skip)("3-broker Kafka test cluster", () => {
  const kafka = new Kafka({
    clientId: "nexus-test",
    brokers: (bootstrap ?? "").split(","),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
  });
  const admin = kafka.admin();
  beforeAll(async () => {
    if (!bootstrap)
      throw new Error(
        "KAFKA_BOOTSTRAP is not set: run `bash scripts/test-env/kafka.sh up` and export KAFKA_BOOTSTRAP=$(bash scripts/test-env/kafka.sh bootstrap)",
      );
    await admin.connect();
  });
  afterAll(async () => {
    await admin.disconnect();
  });

  it("has three brokers", async () => {
    const cluster = await admin.describeCluster();
    expect(cluster.brokers.map((b) => b.nodeId).sort()).toEqual([1, 2, 3]);
  });

  it("produces and consumes 1000 messages with kafkajs on a topic with replication factor 3", async () => {
    const topic = `smoke-kafkajs-${randomUUID().slice(0, 8)}`;
    await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 3 }], waitForLeaders: true });
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(meta.topics[0]!.partitions).toHaveLength(3);
    for (const p of meta.topics[0]!.partitions) expect(p.replicas).toHaveLength(3);

    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const sent = Array.from({ length: 1000 }, (_, i) => `m-${i}`);
    for (let i = 0; i < sent.length; i += 250) {
      await producer.send({ topic, acks: -1, messages: sent.slice(i, i + 250).map((v) => ({ key: v, value: v })) });
    }
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: `g-${topic}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = new Set<string>();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${received.size} of 1000 messages arrived in 30 s`)),
        30_000,
      );
      void consumer.run({
        eachMessage: async ({ message }) => {
          received.add(message.value!.toString());
          if (received.size === sent.length) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    await consumer.disconnect();
    expect([...received].sort()).toEqual([...sent].sort());
  });

  it("interoperates with Debian's kcat", async () => {
    const topic = `smoke-kcat-${randomUUID().slice(0, 8)}`;
    await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 3 }], waitForLeaders: true });
    const lines = Array.from({ length: 100 }, (_, i) => `kcat-${i}`).join("\n");
    execFileSync("kcat", ["-b", bootstrap!, "-P", "-t", topic, "-X", "acks=all"], {
      input: `${lines}\n`,
      timeout: 20_000,
    });
    const out = execFileSync("kcat", ["-b", bootstrap!, "-C", "-t", topic, "-o", "beginning", "-e", "-q"], {
      timeout: 20_000,
    }).toString();
    expect(out.trim().split("\n").sort()).toEqual(lines.split("\n").sort());
  });
});
