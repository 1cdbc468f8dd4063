import { randomUUID } from "node:crypto";
import { Admin } from "@platformatic/kafka";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envelope, ensureBucket, jsonl, putLines, s3Endpoint, testS3Client } from "../../test/s3-dlq-seed.ts";
import { testDatabases } from "../../test/databases.ts";
import type { DbHandle } from "../adapters/db/index.ts";
import { KafkaGateway } from "../adapters/kafka/index.ts";
import { S3Store, type S3StoreConfig } from "../adapters/s3/index.ts";
import { DependencyUnavailableError, NotFoundError, ValidationError } from "../errors.ts";
import { groupMessages, exportMessages } from "./group-export.ts";
import { runReplay } from "./run-replay.ts";
import { browseS3 } from "./s3-browse.ts";
import { copyToReprocess, submitS3Replay } from "./s3-replays.ts";
import { listS3Prefixes, openS3Log } from "./s3-source.ts";

const brokers = (process.env.KAFKA_BOOTSTRAP ?? "").split(",").filter(Boolean);
const scope = { dlqTopicPattern: "^(dlq|DLQ)([._-].*)?$|[._-](dlq|DLQ|dlt|DLT)$", replayTargetPattern: null };
const principal = { username: "tester", role: "operator" } as never;
const id = randomUUID().slice(0, 8);
const bucket = `nexus-int-dlq-${id}`;
const P = "dlq/processing/date=2026-11-30/";
const config = (over: Partial<S3StoreConfig> = {}): S3StoreConfig => ({
  endpoint: s3Endpoint(),
  region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
  bucket,
  forcePathStyle: true,
  timeoutMs: 3000,
  ...over,
});

describe("S3 dead letters against the S3 server (moto) and the 3-broker cluster", () => {
  const target = `orders_s3_${id}`;
  const s3 = new S3Store(config());
  let kafka: KafkaGateway;
  let db: DbHandle;
  const admin = new Admin({ clientId: "nexus-s3-dlq-test", bootstrapBrokers: brokers });

  beforeAll(async () => {
    if (!brokers.length) throw new Error("KAFKA_BOOTSTRAP is not set: run `bash scripts/test-env/kafka.sh up`");
    const c = testS3Client();
    await ensureBucket(c, bucket);
    // 5 plain (a blank line between), 4 gzipped, a marker that is no dead letter, and a second type.
    const plain = [0, 1, 2, 3, 4].map((i) => envelope(i, { errorType: i < 3 ? "ValueError" : "KeyError" }));
    await putLines(c, bucket, `${P}part-0000.jsonl`, jsonl([...plain.slice(0, 2), "", ...plain.slice(2)]));
    await putLines(
      c,
      bucket,
      `${P}part-0001.jsonl.gz`,
      jsonl([5, 6, 7, 8].map((i) => envelope(i, { errorType: "TypeError" }))),
    );
    await putLines(c, bucket, `${P}_SUCCESS`, "");
    await putLines(
      c,
      bucket,
      "dlq/schema_validation/date=2026-12-01/a.jsonl",
      jsonl([envelope(9, { day: "2026-12-01" })]),
    );
    c.destroy();
    kafka = new KafkaGateway({ brokers });
    await admin.createTopics({ topics: [target], partitions: 1, replicas: 3 });
    db = await testDatabases()[0]!.open();
  }, 120_000);

  afterAll(async () => {
    await admin.deleteTopics({ topics: [target] }).catch(() => undefined);
    await admin.close();
    await kafka?.close();
    await db?.close();
    s3.close();
  });

  it("lists the dlq types and dates with object counts and sizes", async () => {
    const list = await listS3Prefixes(s3);
    expect(list.types.map((t) => [t.dlqType, t.objects])).toEqual([
      ["processing", 2],
      ["schema_validation", 1],
    ]);
    expect(list.types[0]!.dates).toEqual([expect.objectContaining({ date: "2026-11-30", prefix: P, objects: 2 })]);
    expect(list.types[0]!.bytes).toBeGreaterThan(500);
  });

  it("pages through plain and gzipped objects with a stable cursor, decoding the seed's envelope", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    const sizes: number[] = [];
    do {
      const page = await browseS3({ s3, db: db.prisma, query: { prefix: P, limit: 4, preview: 16_384, cursor } });
      sizes.push(page.messages.length);
      for (const m of page.messages) seen.push(`${m.object!.slice(P.length)}:${m.offset}:${m.error.errorClass}`);
      expect(page.topic).toBe(`s3://${bucket}/${P}`);
      cursor = page.next ?? undefined;
    } while (cursor);
    expect(sizes).toEqual([4, 4, 1]);
    expect(seen[0]).toBe("part-0000.jsonl:0:ValueError");
    expect(seen[5]).toBe("part-0001.jsonl.gz:0:TypeError");
    expect(seen).toHaveLength(9);
    const first = await browseS3({ s3, db: db.prisma, query: { prefix: P, limit: 1, preview: 16_384 } });
    expect(first.messages[0]).toMatchObject({
      key: { kind: "text", text: "app_events" },
      value: { kind: "json" },
      error: { format: "seed", source: "app_events", message: "Null user_id in row 0", stage: "bronze_to_silver" },
    });
  });

  it("groups and exports with the Kafka DLQ's code", async () => {
    const log = await openS3Log(s3, P);
    const g = await groupMessages({ source: log, db: db.prisma, topic: log.name, filter: {}, by: "errorClass" });
    expect(g.groups.map((x) => [x.value, x.count])).toEqual([
      ["TypeError", 4],
      ["ValueError", 3],
      ["KeyError", 2],
    ]);
    const plan = await exportMessages({
      source: log,
      db: db.prisma,
      topic: log.name,
      filter: { errorClass: "KeyError" },
      format: "csv",
      maxBytes: 1 << 20,
    });
    const text = await new Response(plan.open()).text();
    expect(text.trim().split("\n")).toHaveLength(3);
    expect(text).toContain("KeyError");
    log.close();
  });

  /**
   * The target's records once at least `n` are readable: a transaction's commit marker reaches the partition's
   * replicas a moment after the commit returns, and a read-committed fetch sees nothing before it.
   */
  async function readAtLeast(n: number, timeoutMs = 15_000) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const recs = await kafka.read(target, 0, 0n, { max: 10 });
      if (recs.length >= n || Date.now() > until) return recs;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it("dry-runs and replays into a Kafka topic: original_message unwrapped, provenance headers, exactly once", async () => {
    const req = {
      prefix: P,
      filter: { errorClass: "TypeError" },
      targetTopic: target,
      ratePerSecond: 1000,
      loopGuard: 3,
    };
    const dry = await submitS3Replay({
      kafka,
      s3,
      db: db.prisma,
      scope,
      principal,
      kick: () => undefined,
      req: { ...req, dryRun: true },
    });
    if (!dry.dryRun) throw new Error("expected a plan");
    expect(dry.plan).toMatchObject({
      ok: true,
      total: 4,
      endOffsets: { [`${P}part-0000.jsonl`]: "5", [`${P}part-0001.jsonl.gz`]: "4" },
    });
    const created = await submitS3Replay({
      kafka,
      s3,
      db: db.prisma,
      scope,
      principal,
      kick: () => undefined,
      req: { ...req, dryRun: false },
    });
    if (created.dryRun) throw new Error("expected a replay");
    const run = { db: db.prisma, kafka, s3, scope, replayId: created.replay.id, signal: new AbortController().signal };
    const res = await runReplay({ ...run, log: pino({ level: "silent" }), progress: async () => undefined });
    expect(res).toEqual({ sent: 4, skipped: 0, parked: 0 });
    const back = await readAtLeast(4);
    expect(back.map((r) => JSON.parse(r.value!.toString()).event_id)).toEqual(
      [5, 6, 7, 8].map((i) => `evt_000000000${i}`),
    );
    const h = Object.fromEntries(back[0]!.headers.map(([k, v]) => [k, v?.toString()]));
    expect(h).toMatchObject({
      "nexus-replay-id": created.replay.id,
      "nexus-replay-source-topic": `s3://${bucket}/${P}`,
      "nexus-replay-source-partition": "1",
      "nexus-replay-source-offset": "0",
      "nexus-replay-source-object": `${P}part-0001.jsonl.gz`,
    });
    // A second run of the same replay sends nothing again.
    await runReplay({ ...run, log: pino({ level: "silent" }), progress: async () => undefined });
    expect(await readAtLeast(5, 2000)).toHaveLength(4);
  });

  it("copies the matching envelopes to the reprocess prefix, as they were", async () => {
    const dry = await copyToReprocess({
      s3,
      db: db.prisma,
      req: { prefix: P, filter: { errorClass: "KeyError" }, dryRun: true },
    });
    expect(dry).toMatchObject({ dryRun: true, records: 2, scanned: 9 });
    const done = await copyToReprocess({
      s3,
      db: db.prisma,
      req: { prefix: P, messages: [{ partition: 1, offset: "3" }], dryRun: false },
    });
    expect(done.target).toMatch(
      new RegExp(`^s3://${bucket}/reprocess/processing/date=\\d{4}-\\d{2}-\\d{2}/nexus-.*\\.jsonl$`),
    );
    const key = done.target.slice(`s3://${bucket}/`.length);
    const body = await new Response((await s3.open(key)) as never).text();
    expect(JSON.parse(body.trim())).toEqual(envelope(8, { errorType: "TypeError" }));
  });

  it("names the bucket when it is missing (404) or the endpoint does not answer (503); refuses prefixes outside the layout", async () => {
    const missing = new S3Store(config({ bucket: `nexus-missing-${id}` }));
    await expect(listS3Prefixes(missing)).rejects.toThrow(NotFoundError);
    await expect(listS3Prefixes(missing)).rejects.toThrow(
      `bucket nexus-missing-${id} at ${s3Endpoint()} does not exist`,
    );
    const down = new S3Store(config({ endpoint: "http://127.0.0.1:4139", timeoutMs: 1000 }));
    await expect(openS3Log(down, P)).rejects.toThrow(DependencyUnavailableError);
    await expect(openS3Log(down, P)).rejects.toThrow(`bucket ${bucket} at http://127.0.0.1:4139`);
    await expect(openS3Log(s3, "dlq/nothing/")).rejects.toThrow(NotFoundError);
    await expect(openS3Log(null, P)).rejects.toThrow("NEXUS_S3_DLQ_BUCKET");
    await expect(
      browseS3({ s3, db: db.prisma, query: { prefix: P, limit: 1, preview: 256, cursor: "x" } }),
    ).rejects.toThrow(ValidationError);
    missing.close();
    down.close();
  });
});
