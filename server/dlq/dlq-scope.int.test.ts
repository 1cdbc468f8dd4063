import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { Admin } from "@platformatic/kafka";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/databases.ts";
import type { DbHandle } from "../adapters/db/index.ts";
import { KafkaGateway } from "../adapters/kafka/index.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import { putMappings } from "./mappings.ts";
import type { DlqScope } from "./replay-targets.ts";
import { replayJournal, submitReplay } from "./replays.ts";
import { runReplay } from "./run-replay.ts";
import { assertDlqTopic } from "./topics.ts";

// Issue #14, points 1 and 3: the DLQ routes touch dead-letter topics only, and replays write only where the rules allow.
const bootstrap = process.env.KAFKA_BOOTSTRAP ?? "";
const brokers = bootstrap.split(",").filter(Boolean);
const skip = process.env.NEXUS_SKIP_KAFKA === "1";
const id = randomUUID().slice(0, 8);
const T = {
  dlq: `kscope-${id}-dlq`,
  orders: `kscope-${id}-orders`,
  otherDlq: `kscope-${id}-other-dlq`,
  parking: `kscope-${id}-parking-dlq`,
  audit: `kscope-${id}-audit`,
};
const DLQ_PATTERN = "^(dlq|DLQ)([._-].*)?$|[._-](dlq|DLQ|dlt|DLT)$";
const scope: DlqScope = { dlqTopicPattern: DLQ_PATTERN, replayTargetPattern: `^kscope-${id}-orders$` };
const principal = { username: "kscope", role: "operator" } as never;
const log = pino({ level: "silent" });

function kcat(args: string[], input?: string): string {
  return execFileSync("kcat", ["-b", brokers[0]!, ...args], { input, encoding: "utf8", timeout: 30_000 });
}
const connectDeadLetters = (n: number, originalTopic: string, extra: string[] = []) =>
  kcat(
    [
      "-P",
      "-t",
      T.dlq,
      "-K",
      "\t",
      "-H",
      `__connect.errors.topic=${originalTopic}`,
      "-H",
      "__connect.errors.exception.class.name=E",
      ...extra,
    ],
    Array.from({ length: n }, (_, i) => `${originalTopic}-${i}\tv`).join("\n") + "\n",
  );

describe.skipIf(skip)("DLQ scope: dead-letter topics only, replay targets by rule", () => {
  const admin = new Admin({ clientId: "kscope-scope", bootstrapBrokers: brokers });
  const kafka = new KafkaGateway({ brokers });
  /** No broker answers here: a refusal that comes from it would be a 503 after the timeout, not the rule's error. */
  const dead = new KafkaGateway({ brokers: ["127.0.0.1:1"], timeoutMs: 1000 });
  let db: DbHandle;

  beforeAll(async () => {
    if (!brokers.length) throw new Error("KAFKA_BOOTSTRAP is not set: run `bash scripts/test-env/kafka.sh up`");
    await admin.createTopics({ topics: Object.values(T), partitions: 1, replicas: 3 });
    db = await testDatabases()[0]!.open();
    connectDeadLetters(3, T.orders);
    connectDeadLetters(1, "__consumer_offsets");
    connectDeadLetters(1, T.otherDlq);
    connectDeadLetters(1, T.audit);
    connectDeadLetters(1, T.orders, ["-H", "nexus-replay-count=3"]);
  }, 120_000);

  afterAll(async () => {
    await admin.deleteTopics({ topics: Object.values(T) }).catch(() => undefined);
    await admin.close();
    await kafka.close();
    await dead.close();
    await db?.close();
  });

  const check = (topic: string) => assertDlqTopic({ db: db.prisma, pattern: DLQ_PATTERN, topic });

  it("takes the seed's topics, the pattern's and mapped ones, and nothing else, internal names included", async () => {
    await expect(check("dlq_processing_errors")).resolves.toBeUndefined();
    await expect(check(T.dlq)).resolves.toBeUndefined();
    for (const topic of [T.orders, "__consumer_offsets", "__transaction_state", "_schemas", "_x-dlq"]) {
      const e = await check(topic).catch((err: unknown) => err);
      expect(e, topic).toBeInstanceOf(NotFoundError);
      expect((e as Error).message).toContain(`topic ${topic} is not a dead-letter topic`);
    }
    // A mapping saved while the topic matched the pattern keeps it a dead-letter topic after the pattern changed.
    await db.prisma.dlqSourceMapping.create({
      data: { dlqTopic: "kscope-legacy-errors", source: "api", targetTopic: T.orders },
    });
    await expect(check("kscope-legacy-errors")).resolves.toBeUndefined();
  });

  it("does not let a mapping open up a topic, nor map to a topic a replay may not write", async () => {
    const put = (topic: string, targetTopic: string) =>
      putMappings({ db: db.prisma, scope, topic, mappings: [{ source: "api", targetTopic }], by: "kscope" });
    await expect(put(T.orders, T.orders)).rejects.toThrow(NotFoundError);
    await expect(put("__consumer_offsets", T.orders)).rejects.toThrow(NotFoundError);
    expect(
      await db.prisma.dlqSourceMapping.count({ where: { dlqTopic: { in: [T.orders, "__consumer_offsets"] } } }),
    ).toBe(0);
    await expect(check(T.orders)).rejects.toThrow(NotFoundError);

    const refusedTargets = [
      ["__consumer_offsets", "internal topic"],
      [T.otherDlq, "is a dead-letter topic"],
      [T.audit, "NEXUS_REPLAY_TARGET_PATTERN"],
    ] as const;
    for (const [target, rule] of refusedTargets) {
      const e = await put(T.dlq, target).catch((err: unknown) => err);
      expect(e, target).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).errors).toEqual([
        { path: "body.mappings.0.targetTopic", message: expect.stringContaining(rule) as string },
      ]);
    }
    await expect(put(T.dlq, T.orders)).resolves.toMatchObject({
      mappings: [{ dlqTopic: T.dlq, source: "api", targetTopic: T.orders }],
    });
  });

  it("refuses a non-dead-letter source and a refused override or parking topic with the rule, before Kafka is asked", async () => {
    const submit = (req: Record<string, unknown>) =>
      submitReplay({
        kafka: dead,
        db: db.prisma,
        scope,
        principal,
        kick: () => undefined,
        req: { filter: {}, ratePerSecond: 1000, loopGuard: 3, dryRun: true, ...req } as never,
      }).catch((e: unknown) => e);
    for (const sourceTopic of [T.orders, "__transaction_state"]) {
      const e = await submit({ sourceTopic });
      expect(e, sourceTopic).toBeInstanceOf(NotFoundError);
      expect((e as Error).message).toContain("is not a dead-letter topic");
    }
    const cases = [
      [{ targetTopic: "__consumer_offsets" }, "body.targetTopic", "internal topic"],
      [{ targetTopic: T.otherDlq }, "body.targetTopic", "is a dead-letter topic"],
      [
        { targetTopic: T.audit },
        "body.targetTopic",
        `does not match NEXUS_REPLAY_TARGET_PATTERN (^kscope-${id}-orders$)`,
      ],
      [{ parkingTopic: "_parking" }, "body.parkingTopic", "internal topic"],
      [{ parkingTopic: T.audit }, "body.parkingTopic", "NEXUS_REPLAY_TARGET_PATTERN"],
    ] as const;
    for (const [over, path, rule] of cases) {
      const e = await submit({ sourceTopic: T.dlq, ...over });
      expect(e, JSON.stringify(over)).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).errors).toEqual([{ path, message: expect.stringContaining(rule) as string }]);
    }
  });

  it("skips header-derived targets the rules refuse, and the dry run says exactly what the run then does", async () => {
    const req = { sourceTopic: T.dlq, filter: {}, parkingTopic: T.parking, ratePerSecond: 1000, loopGuard: 3 };
    const dry = await submitReplay({
      kafka,
      db: db.prisma,
      scope,
      principal,
      kick: () => undefined,
      req: { ...req, dryRun: true },
    });
    if (!dry.dryRun) throw new Error("expected a plan");
    expect(dry.plan.byTarget.map((t) => [t.topic, t.count])).toEqual([[T.orders, 3]]);
    // Refused targets are skipped by the run too, not failed on: they do not block (issue #15).
    expect(dry.plan).toMatchObject({ ok: true, blocking: [] });
    const refused = Object.fromEntries(
      dry.plan.skipped.filter((s) => s.reason.startsWith("target refused")).map((s) => [s.reason, s.count]),
    );
    expect(refused).toEqual({
      [`target refused: __consumer_offsets is an internal topic (its name starts with "_"): never written`]: 1,
      [`target refused: ${T.otherDlq} is a dead-letter topic: replays go to dead-letter topics only as their parking topic`]: 1,
      [`target refused: ${T.audit} does not match NEXUS_REPLAY_TARGET_PATTERN (^kscope-${id}-orders$)`]: 1,
    });
    expect(dry.plan.skipped.find((s) => s.reason.startsWith("loop guard"))?.reason).toContain(`parked in ${T.parking}`);

    const created = await submitReplay({
      kafka,
      db: db.prisma,
      scope,
      principal,
      kick: () => undefined,
      req: { ...req, dryRun: false },
    });
    if (created.dryRun) throw new Error("expected a replay");
    const signal = new AbortController().signal;
    const res = await runReplay({
      db: db.prisma,
      kafka,
      scope,
      replayId: created.replay.id,
      signal,
      log,
      progress: async () => undefined,
    });
    expect(res).toEqual({ sent: 3, skipped: 3, parked: 1 });
    const journal = await replayJournal(db.prisma, created.replay.id, { outcome: "skipped", limit: 100 });
    const journaled: Record<string, number> = {};
    for (const e of journal.entries) journaled[e.reason!] = (journaled[e.reason!] ?? 0) + 1;
    expect(journaled).toEqual(refused);
    const count = (topic: string) =>
      kcat(["-C", "-t", topic, "-o", "beginning", "-e", "-q", "-X", "isolation.level=read_committed"])
        .split("\n")
        .filter(Boolean).length;
    expect([count(T.orders), count(T.parking), count(T.otherDlq), count(T.audit)]).toEqual([3, 1, 0, 0]);
  });
});
