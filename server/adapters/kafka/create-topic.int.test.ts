import { randomUUID } from "node:crypto";
import { Admin } from "@platformatic/kafka";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError, ValidationError } from "../../errors.ts";
import { KafkaGateway } from "./kafka-gateway.ts";

const brokers = (process.env.KAFKA_BOOTSTRAP ?? "").split(",").filter(Boolean);
const skip = process.env.NEXUS_SKIP_KAFKA === "1" || brokers.length === 0;

describe.skipIf(skip)("KafkaGateway: topic layouts and topic creation against the real cluster", () => {
  const id = randomUUID().slice(0, 8);
  const existing = `gwtopic-${id}-orders`;
  const created = `gwtopic-${id}-created`;
  const kafka = new KafkaGateway({ brokers, timeoutMs: 4000 });
  const admin = new Admin({ clientId: "gwtopic-int", bootstrapBrokers: brokers });

  beforeAll(async () => {
    await admin.createTopics({ topics: [existing], partitions: 2, replicas: 3 });
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics: [existing, created] }).catch(() => undefined);
    await admin.close();
    await kafka.close();
  });

  it("creates a topic with a layout copied from another, answers 409 once it exists, 400 for a layout Kafka refuses", async () => {
    const layout = await kafka.topicLayout(existing);
    expect(layout).toEqual({ partitions: 2, replicationFactor: 3 });
    expect(await kafka.createTopic(created, layout)).toEqual(layout);
    await expect(kafka.createTopic(created, null)).rejects.toBeInstanceOf(ConflictError);
    await expect(
      kafka.createTopic(`gwtopic-${id}-bad`, { partitions: 1, replicationFactor: 9 }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});
