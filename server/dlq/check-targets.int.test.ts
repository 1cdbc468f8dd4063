import { randomUUID } from "node:crypto";
import { Admin } from "@platformatic/kafka";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KafkaGateway } from "../adapters/kafka/index.ts";
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
    const blocking = await findBlockingTargets(
      kafka,
      new Map([
        [existing, 5],
        [missing, 3],
      ]),
    );
    const runError = await kafka.metadata([missing]).then(
      () => null,
      (e: unknown) => (e as Error).message,
    );
    expect(blocking).toEqual([{ topic: missing, problem: "missing", messages: 3, reason: runError }]);
    expect(runError).toContain(`topic ${missing} does not exist`);
  });

  // Creating topics (layout, 409, 400) is tested beside the gateway (adapters/kafka/create-topic.int.test.ts).
  it("no longer reports a target once it is created with a layout copied from another", async () => {
    await kafka.createTopic(created, await kafka.topicLayout(existing));
    expect(await findBlockingTargets(kafka, new Map([[created, 1]]))).toEqual([]);
  });
});
