import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { Admin, Producer } from "@platformatic/kafka";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DependencyUnavailableError, NotFoundError } from "../../errors.ts";
import { KafkaGateway } from "./kafka-gateway.ts";

// Started by `bash scripts/test-env/kafka.sh up` (npm test does it).
const bootstrap = process.env.KAFKA_BOOTSTRAP ?? "";
const brokers = bootstrap.split(",").filter(Boolean);
const skip = process.env.NEXUS_SKIP_KAFKA === "1";
const TIMEOUT_MS = 3000;

/** Makes sure the broker's internal topics exist (a fresh cluster creates them on first group or transaction use). */
async function ensureInternalTopics(topic: string): Promise<void> {
  execFileSync(
    "kcat",
    ["-b", brokers[0]!, "-G", `kscope-gw-${randomUUID().slice(0, 8)}`, topic, "-o", "beginning", "-e", "-q"],
    { timeout: 60_000 },
  );
  const producer = new Producer({
    clientId: "kscope-gw",
    bootstrapBrokers: brokers,
    idempotent: true,
    transactionalId: `kscope-gw-${randomUUID()}`,
  });
  try {
    const tx = await producer.beginTransaction();
    await tx.cancel();
  } finally {
    await producer.close(true);
  }
}

describe.skipIf(skip)("KafkaGateway: no call leaves the shared client broken", () => {
  const topic = `kscope-gw-${randomUUID().slice(0, 8)}`;
  const admin = new Admin({ clientId: "kscope-gw-admin", bootstrapBrokers: brokers });
  const kafka = new KafkaGateway({ brokers, timeoutMs: TIMEOUT_MS });
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => void uncaught.push(e);

  beforeAll(async () => {
    if (!brokers.length) throw new Error("KAFKA_BOOTSTRAP is not set: run `bash scripts/test-env/kafka.sh up`");
    await admin.createTopics({ topics: [topic], partitions: 3, replicas: 3 });
    execFileSync("kcat", ["-b", brokers[0]!, "-P", "-t", topic, "-p", "0", "-K", "\t"], {
      input: "a\t1\nb\t2\nc\t3\n",
      timeout: 30_000,
    });
    await ensureInternalTopics(topic);
    process.on("uncaughtException", onUncaught);
  }, 120_000);

  afterAll(async () => {
    process.off("uncaughtException", onUncaught);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.close();
    await kafka.close();
  });

  /** A normal read answers, and well within one timeout. */
  async function readsNormally(): Promise<void> {
    const t0 = Date.now();
    const recs = await kafka.read(topic, 0, 0n, { max: 10 });
    expect(recs.map((r) => r.key?.toString())).toEqual(["a", "b", "c"]);
    expect(Date.now() - t0).toBeLessThan(TIMEOUT_MS);
  }

  it("reads normally after repeated reads of internal topics, which are not found, with no uncaught error", async () => {
    await readsNormally();
    const errors: unknown[] = [];
    // The report: about five such calls wedged every later call for minutes.
    for (let i = 0; i < 6; i++) {
      errors.push(await kafka.read("__transaction_state", 0, 0n, { max: 1 }).catch((e: unknown) => e));
      errors.push(await kafka.partitionOffsets("__consumer_offsets").catch((e: unknown) => e));
      errors.push(await kafka.offsetsForTime("__consumer_offsets", Date.now()).catch((e: unknown) => e));
    }
    await readsNormally();
    expect(uncaught).toEqual([]);
    for (const e of errors) {
      expect(e).toBeInstanceOf(NotFoundError);
      expect((e as Error).message).toMatch(/__transaction_state|__consumer_offsets/);
    }
  }, 120_000);

  it("reads normally after an unknown topic, a partition that does not exist and an offset out of range", async () => {
    await expect(kafka.read(`kscope-gw-missing-${randomUUID().slice(0, 8)}`, 0, 0n, { max: 1 })).rejects.toThrow(
      NotFoundError,
    );
    await readsNormally();
    await expect(kafka.read(topic, 7, 0n, { max: 1 })).rejects.toThrow(`topic ${topic} has no partition 7`);
    await readsNormally();
    // Past the end of the log: nothing to read, not an error.
    await expect(kafka.read(topic, 0, 1_000_000n, { max: 1 })).resolves.toEqual([]);
    await readsNormally();
    expect(uncaught).toEqual([]);
  });

  it("reads normally after a call that timed out", async () => {
    const t0 = Date.now();
    await expect(kafka.call("a stalled request", () => new Promise<never>(() => undefined))).rejects.toThrow(
      DependencyUnavailableError,
    );
    expect(Date.now() - t0).toBeLessThan(TIMEOUT_MS + 1500);
    await readsNormally();
  });
});
