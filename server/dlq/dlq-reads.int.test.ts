import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Admin } from "@platformatic/kafka";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/databases.ts";
import type { DbHandle } from "../adapters/db/index.ts";
import { KafkaGateway } from "../adapters/kafka/index.ts";
import { browseTopic } from "./browse.ts";
import { BrowseQuery } from "./contract.ts";
import type { ExportEnd } from "./export-reader.ts";
import { exportMessages } from "./group-export.ts";

const brokers = (process.env.KAFKA_BOOTSTRAP ?? "").split(",").filter(Boolean);
const skip = process.env.NEXUS_SKIP_KAFKA === "1";
const id = randomUUID().slice(0, 8);
const T = { big: `dlq.kreads-${id}-export`, large: `dlq.kreads-${id}-large` };

/** A gateway over the real cluster that counts the records its reads return. */
function countingGateway(kafka: KafkaGateway) {
  const seen = { calls: 0, records: 0 };
  const gw = new Proxy(kafka, {
    get(target, key) {
      if (key === "read") {
        return async (...args: Parameters<KafkaGateway["read"]>) => {
          seen.calls++;
          const r = await target.read(...args);
          seen.records += r.length;
          return r;
        };
      }
      const v = Reflect.get(target, key, target) as unknown;
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { gw, seen };
}

describe.skipIf(skip)("DLQ content reads against the 3-broker cluster", () => {
  const admin = new Admin({ clientId: "nexus-kreads-test", bootstrapBrokers: brokers });
  const kafka = new KafkaGateway({ brokers });
  let db: DbHandle;

  beforeAll(async () => {
    if (!brokers.length) throw new Error("KAFKA_BOOTSTRAP is not set");
    await admin.createTopics({ topics: [T.big, T.large], partitions: 1, replicas: 3 });
    db = await testDatabases()[0]!.open();
    const pad = "x".repeat(300);
    const lines = Array.from({ length: 3000 }, (_, i) => `k${i}\t{"n":${i},"pad":"${pad}"}`).join("\n") + "\n";
    execFileSync(
      "kcat",
      ["-b", brokers[0]!, "-P", "-t", T.big, "-p", "0", "-K", "\t", "-H", "__connect.errors.exception.class.name=E"],
      { input: lines, timeout: 30_000 },
    );
    // Ten values of 600 KB: 6 MB in all, more than a page may carry.
    const large = Array.from({ length: 10 }, (_, i) => `big${i}\t${String(i).repeat(600_000)}`).join("\n") + "\n";
    execFileSync(
      "kcat",
      ["-b", brokers[0]!, "-P", "-t", T.large, "-p", "0", "-K", "\t", "-X", "message.max.bytes=1000000"],
      { input: large, timeout: 30_000, maxBuffer: 64 << 20 },
    );
  });

  afterAll(async () => {
    await admin.deleteTopics({ topics: Object.values(T) }).catch(() => undefined);
    await admin.close();
    await kafka.close();
    await db?.close();
  });

  it("reads Kafka only as fast as the client reads the export, and not at all once it went away", async () => {
    const { gw, seen } = countingGateway(kafka);
    const ends: ExportEnd[] = [];
    const plan = await exportMessages({
      source: gw,
      db: db.prisma,
      topic: T.big,
      filter: {},
      format: "jsonl",
      maxBytes: 1 << 30,
      onEnd: (e) => void ends.push(e),
    });
    expect(plan.ranges).toEqual([{ partition: 0, from: 0n, to: 3000n }]);
    const reader = plan.open().getReader();
    const lines = (c: Uint8Array | undefined) => new TextDecoder().decode(c).split("\n").filter(Boolean).length;
    let got = lines((await reader.read()).value);
    await sleep(500);
    const stalled = seen.records;
    expect(stalled).toBeLessThan(1500); // one chunk read and one buffered, not the topic
    await sleep(500);
    expect(seen.records).toBe(stalled); // a client that does not read makes nothing read
    got += lines((await reader.read()).value);
    await sleep(200);
    expect(seen.records).toBeGreaterThan(stalled);
    await reader.cancel();
    const afterCancel = seen.records;
    await sleep(500);
    expect(seen.records).toBe(afterCancel);
    expect(ends).toHaveLength(1);
    expect(ends[0]).toMatchObject({ reason: "cancelled", messages: got, next: { partition: 0, offset: String(got) } });

    // The same export read to the end: every message, no trailer.
    const all = await new Response(
      (
        await exportMessages({
          source: kafka,
          db: db.prisma,
          topic: T.big,
          filter: {},
          format: "jsonl",
          maxBytes: 1 << 30,
        })
      ).open(),
    ).text();
    const rows = all
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { offset: string });
    expect(rows).toHaveLength(3000);
    expect(rows.at(-1)!.offset).toBe("2999");
    // A filter that matches nothing reads on to the end and closes (a pull that enqueued nothing would stall the stream).
    const none = await exportMessages({
      source: kafka,
      db: db.prisma,
      topic: T.big,
      filter: { errorClass: "nothing" },
      format: "csv",
      maxBytes: 1 << 30,
    });
    expect((await new Response(none.open()).text()).trim().split("\n")).toHaveLength(1);
  });

  it("ends an export cut by the byte cap with a trailer line saying where it stopped", async () => {
    const ends: ExportEnd[] = [];
    const plan = await exportMessages({
      source: kafka,
      db: db.prisma,
      topic: T.big,
      filter: {},
      format: "jsonl",
      maxBytes: 100_000,
      onEnd: (e) => void ends.push(e),
    });
    const body = await new Response(plan.open()).text();
    const lines = body.trim().split("\n");
    const last = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    const n = lines.length - 1;
    expect(n).toBeGreaterThan(50);
    expect(Buffer.byteLength(body) - Buffer.byteLength(lines.at(-1)!) - 1).toBeLessThanOrEqual(100_000);
    expect(last).toEqual({
      truncated: true,
      reason: "byte-cap",
      messages: n,
      bytes: expect.any(Number),
      maxBytes: 100_000,
      next: { partition: 0, offset: String(n) },
    });
    expect(lines.slice(0, n).map((l) => (JSON.parse(l) as { offset: string }).offset)).toEqual(
      Array.from({ length: n }, (_, i) => String(i)),
    );
    expect(ends).toEqual([expect.objectContaining({ reason: "byte-cap", messages: n })]);

    const csv = await new Response(
      (
        await exportMessages({
          source: kafka,
          db: db.prisma,
          topic: T.big,
          filter: {},
          format: "csv",
          maxBytes: 50_000,
        })
      ).open(),
    ).text();
    const rows = csv.trim().split("\n");
    expect(rows[0]).toMatch(/^topic,partition,offset,/);
    expect(rows.at(-1)).toMatch(
      new RegExp(
        `^# truncated: byte-cap after ${rows.length - 2} messages .*next: partition 0 offset ${rows.length - 2}$`,
      ),
    );
  });

  it("caps the payload bytes of a browse page: every message listed, previews past the cap dropped", async () => {
    const page = await browseTopic({
      kafka,
      db: db.prisma,
      topic: T.large,
      query: BrowseQuery.parse({ from: "earliest", limit: 10, preview: 1_048_576 }),
    });
    expect(page.messages.map((m) => m.offset)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    const bytes = page.messages.reduce((n, m) => n + (m.value.text?.length ?? 0) + (m.key.text?.length ?? 0), 0);
    expect(bytes).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(page.messages.every((m) => m.value.size === 600_000)).toBe(true);
    expect(page.payloadCapped).toBe(true);
    expect(page.payloadBytes).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(page.messages.map((m) => m.value.kind)).toEqual([...Array(6).fill("text"), ...Array(4).fill("omitted")]);
  });

  it("keeps a capped page's cursors and lists every message, previews only up to the cap", async () => {
    const query = BrowseQuery.parse({ from: "earliest", limit: 500 });
    const full = await browseTopic({ kafka, db: db.prisma, topic: T.big, query, maxPageBytes: 1 << 30 });
    const capped = await browseTopic({ kafka, db: db.prisma, topic: T.big, query, maxPageBytes: 100_000 });
    expect(capped.messages.map((m) => m.offset)).toEqual(full.messages.map((m) => m.offset));
    expect([capped.next, capped.prev]).toEqual([full.next, full.prev]);
    expect(full.payloadCapped).toBe(false);
    expect(capped.payloadCapped).toBe(true);
    expect(capped.payloadBytes).toBeLessThanOrEqual(100_000);
    const shown = capped.messages.findIndex((m) => m.value.kind === "omitted");
    expect(shown).toBeGreaterThan(50);
    expect(
      capped.messages
        .slice(shown)
        .every(
          (m) =>
            m.value.kind === "omitted" &&
            m.key.kind === "omitted" &&
            m.headers.every((h) => h.value.kind === "omitted"),
        ),
    ).toBe(true);
    expect(capped.messages[shown]!.value.size).toBe(full.messages[shown]!.value.size);
  });

  it("shows sizes, metadata and the normalized error but no payload to a caller below the payload role", async () => {
    const page = await browseTopic({
      kafka,
      db: db.prisma,
      topic: T.big,
      query: BrowseQuery.parse({ from: "earliest", limit: 5 }),
      access: { shown: false, role: "operator" },
    });
    expect(page).toMatchObject({ payloads: "hidden", payloadRole: "operator", payloadBytes: 0 });
    expect(page.messages.map((m) => m.offset)).toEqual(["0", "1", "2", "3", "4"]);
    for (const m of page.messages) {
      expect(m.key).toEqual({ kind: "hidden", text: null, base64: null, size: 2, truncated: false });
      expect(m.value).toMatchObject({ kind: "hidden", text: null, base64: null });
      expect(m.value.size).toBeGreaterThan(300);
      expect(m.headers).toEqual([
        {
          key: "__connect.errors.exception.class.name",
          value: { kind: "hidden", text: null, base64: null, size: 1, truncated: false },
        },
      ]);
      expect(m.error.errorClass).toBe("E");
    }
  });
});
