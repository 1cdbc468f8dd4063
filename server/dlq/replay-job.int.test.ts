import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Admin } from "@platformatic/kafka";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/databases.ts";
import type { DbHandle } from "../adapters/db/index.ts";
import { createTransactionalWriter, KafkaGateway } from "../adapters/kafka/index.ts";
import { createJobRunner, getJob, type JobHandler, type JobRunner } from "../jobs/index.ts";
import { createReplayJob } from "./replay-job.ts";
import { getReplay, submitReplay } from "./replays.ts";

const brokers = (process.env.KAFKA_BOOTSTRAP ?? "").split(",").filter(Boolean);
const skip = process.env.NEXUS_SKIP_KAFKA === "1" || brokers.length === 0;
const log = pino({ level: "silent" });
const scope = { dlqTopicPattern: "^(dlq|DLQ)([._-].*)?$|[._-](dlq|DLQ|dlt|DLT)$", replayTargetPattern: null };

describe.skipIf(skip)("the dlq.replay job, run by the job runner with the clients the runtime hands it", () => {
  const id = randomUUID().slice(0, 8);
  const T = { dlq: `dlq_job_${id}`, orders: `orders_job_${id}` };
  const admin = new Admin({ clientId: "nexus-replay-job-test", bootstrapBrokers: brokers });
  const kafka = new KafkaGateway({ brokers });
  const opened: string[] = [];
  const handler = createReplayJob({
    scope,
    openGateway: (clientId) => {
      opened.push(clientId);
      return new KafkaGateway({ brokers, timeoutMs: 10_000, clientId });
    },
    openWriter: (transactionalId) => createTransactionalWriter({ brokers, transactionalId }),
  }) as unknown as JobHandler;
  let db: DbHandle;
  let runner: JobRunner;

  beforeAll(async () => {
    await admin.createTopics({ topics: Object.values(T), partitions: 1, replicas: 3 });
    execFileSync(
      "kcat",
      ["-b", brokers[0]!, "-P", "-t", T.dlq, "-K", "\t", "-H", `__connect.errors.topic=${T.orders}`],
      { input: 'k-1\t{"order":1}\n', timeout: 30_000 },
    );
    db = await testDatabases()[0]!.open();
    runner = createJobRunner({ db: db.prisma, log, handlers: [handler], leaseMs: 1500, pollMs: 50 });
    runner.start();
  }, 120_000);

  afterAll(async () => {
    await runner?.stop();
    await admin.deleteTopics({ topics: Object.values(T) }).catch(() => undefined);
    await admin.close();
    await kafka.close();
    await db?.close();
  });

  it("sends the selected record, marks the replay succeeded and the job with it, on a gateway named after the replay", async () => {
    const created = await submitReplay({
      kafka,
      db: db.prisma,
      scope,
      principal: { username: "tester", role: "operator" } as never,
      kick: () => undefined,
      req: {
        sourceTopic: T.dlq,
        messages: [{ partition: 0, offset: "0" }],
        ratePerSecond: 1000,
        loopGuard: 3,
        dryRun: false,
      },
    });
    if (created.dryRun) throw new Error("expected a replay");
    const until = Date.now() + 30_000;
    let job = await getJob(db.prisma, created.replay.jobId!);
    while (!["succeeded", "failed", "cancelled"].includes(job.state) && Date.now() < until) {
      await sleep(100);
      job = await getJob(db.prisma, job.id);
    }
    expect(job.state).toBe("succeeded");
    expect(await getReplay(db.prisma, created.replay.id)).toMatchObject({
      state: "succeeded",
      sent: 1,
      skipped: 0,
      parked: 0,
    });
    expect(opened).toEqual([`nexus-replay-${created.replay.id}`]);
    const back = await kafka.read(T.orders, 0, 0n, { max: 10 });
    expect(back.map((r) => r.key?.toString())).toEqual(["k-1"]);
  });
});
