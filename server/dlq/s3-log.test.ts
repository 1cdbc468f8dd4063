import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { S3Prefix } from "./s3-contract.ts";
import { jsonLines, lineRecord, MAX_LINE_BYTES } from "./s3-log.ts";

async function lines(chunks: (string | Buffer)[]): Promise<string[]> {
  const out: string[] = [];
  for await (const l of jsonLines(Readable.from(chunks.map((c) => Buffer.from(c))))) out.push(l.toString());
  return out;
}

describe("jsonLines", () => {
  it("splits on newlines across chunk boundaries, drops CR and blank lines, keeps a last line without newline", async () => {
    expect(await lines(['{"a":', '1}\r\n\n  \n{"b"', ":2}\n", '{"c":3}'])).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it("cuts a line longer than the cap and drops the rest of it, so one record never fills the memory", async () => {
    const big = "x".repeat(MAX_LINE_BYTES + 10);
    const got = await lines([big.slice(0, MAX_LINE_BYTES / 2), big.slice(MAX_LINE_BYTES / 2), "\nnext\n"]);
    expect(got.map((l) => l.length)).toEqual([MAX_LINE_BYTES, 4]);
  });
});

describe("lineRecord", () => {
  const object = {
    key: "dlq/p/date=2026-11-30/a.jsonl",
    size: 1,
    lastModified: new Date("2026-12-01T00:00:00Z"),
    etag: null,
  };

  it("takes the envelope's source as key and its zone-less timestamp as UTC", () => {
    const line = Buffer.from(JSON.stringify({ source: "app_events", timestamp: "2026-11-30T10:00:00.123456" }));
    const r = lineRecord(line, { partition: 2, offset: 7n, object });
    expect(r).toMatchObject({ partition: 2, offset: 7n, object: object.key, headers: [] });
    expect(r.key?.toString()).toBe("app_events");
    expect(new Date(Number(r.timestamp)).toISOString()).toBe("2026-11-30T10:00:00.123Z");
  });

  it("keeps a line that is no JSON (or a timestamp that is a path) as a record at the object's time", () => {
    for (const text of ["not json", '{"timestamp":"/data/dlq/x"}', "[1,2]"]) {
      const r = lineRecord(Buffer.from(text), { partition: 0, offset: 0n, object });
      expect(r.key).toBeNull();
      expect(r.value?.toString()).toBe(text);
      expect(Number(r.timestamp)).toBe(object.lastModified.getTime());
    }
  });
});

describe("S3Prefix", () => {
  it("accepts a dlq type or one date of it, and nothing else", () => {
    for (const ok of ["dlq/processing/", "dlq/schema_validation/date=2026-11-30/", "dlq/a-b/"])
      expect(S3Prefix.safeParse(ok).success).toBe(true);
    for (const bad of [
      "dlq/",
      "dlq/../",
      "dlq/a/../b/",
      "dlq/a",
      "/dlq/a/",
      "dlq/A/",
      "reprocess/a/",
      "dlq/a/b/",
      "dlq/a/date=x/",
      `dlq/${"a".repeat(300)}/`,
      "dlq/a\u0000/",
    ])
      expect(S3Prefix.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});
