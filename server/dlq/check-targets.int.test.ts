import { randomUUID } from "node:crypto";
import { Admin } from "@platformatic/kafka";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError, ValidationError } from "../errors.ts";
import { KafkaGateway } from "../adapters/kafka/kafka-gateway.ts";
import { findBlockingTargets } from "./check-targets.ts";

const brokers = (process.env.KAFKA_BOOTSTRAP ?? "").split(",").filter(Boolean);
const skip = process.env.NEXUS_SKIP_KAFKA === "1" || brokers.length === 0;

describe.skipIf(skip)("replay targets against the real cluster (issue #15)", () => {
  const id = randomUUID().slice(0, 8);
  const existing = `replayh-${id}-orders`;
  const missing = `replayh-${id}-app_events`;
  const created = `replayh-${id}-created`;
  const kafka = new KafkaGateway({ brokers, timeoutMs: 4000 });
  const admin = new Admin({ clientId: "replayh-int", bootstrapBrokers: brokers });

  beforeAll(async () => {
    await admin.createTopics({ topics: [existing], partitions: 2, replicas: 3 });
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics: [existing, created] }).catch(() => undefined);
    await admin.close();
    await kafka.close();
  });

  it("reports a missing target as blocking with the error the run meets, and an existing one not at all", async () => {
    const blocking = await findBlockingTargets(kafka, new Map([[existing, 5], [missing, 3]]));
    const runError = await kafka.metadata([missing]).then(() => null, (e: unknown) => (e as Error).message);
    expect(blocking).toEqual([{ topic: missing, problem: "missing", messages: 3, reason: runError }]);
    expect(runError).toContain(`topic ${missing} does not exist`);
  });

  it("creates a topic with a layout copied from another, answers 409 once it exists, 400 for a layout Kafka refuses", async () => {
    const layout = await kafka.topicLayout(existing);
    expect(layout).toEqual({ partitions: 2, replicationFactor: 3 });
    expect(await kafka.createTopic(created, layout)).toEqual(layout);
    await expect(kafka.createTopic(created, null)).rejects.toBeInstanceOf(ConflictError);
    await expect(kafka.createTopic(`replayh-${id}-bad`, { partitions: 1, replicationFactor: 9 })).rejects.toBeInstanceOf(ValidationError);
    expect(await findBlockingTargets(kafka, new Map([[created, 1]]))).toEqual([]);
  });
});
