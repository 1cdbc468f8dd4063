import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, nestsDeeperThan, readJsonBody } from "./body.ts";

const req = (body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }) =>
  new Request("http://x/api", { method: "POST", body, headers, duplex: "half" } as RequestInit);

describe("readJsonBody", () => {
  it("parses JSON and treats an empty body as {}", async () => {
    expect(await readJsonBody(req('{"a":1}'), 100)).toEqual({ a: 1 });
    expect(await readJsonBody(req(""), 100)).toEqual({});
  });
  it("refuses malformed JSON, invalid UTF-8, other media types and bodies over the limit", async () => {
    await expect(readJsonBody(req("{nope"), 100)).rejects.toMatchObject({ status: 400, type: "malformed-body" });
    await expect(readJsonBody(req(new Uint8Array([0x7b, 0xff, 0x7d])), 100)).rejects.toMatchObject({ status: 400 });
    await expect(
      readJsonBody(req("a=b", { "content-type": "application/x-www-form-urlencoded" }), 100),
    ).rejects.toMatchObject({ status: 415 });
    await expect(readJsonBody(req("x".repeat(101)), 100)).rejects.toMatchObject({ status: 413 });
    // Without a content-length (streamed), the limit is enforced while reading.
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode("y".repeat(80)));
        c.enqueue(new TextEncoder().encode("y".repeat(80)));
        c.close();
      },
    });
    await expect(readJsonBody(req(stream), 100)).rejects.toMatchObject({ status: 413 });
  });
  it("refuses a body nested deeper than MAX_JSON_DEPTH; brackets inside strings, escaped quotes included, do not count", async () => {
    const nested = (n: number) => "[".repeat(n) + "1" + "]".repeat(n);
    expect(await readJsonBody(req(nested(MAX_JSON_DEPTH)), 1_000_000)).toBeDefined();
    await expect(readJsonBody(req(nested(MAX_JSON_DEPTH + 1)), 1_000_000)).rejects.toMatchObject({
      status: 400,
      type: "malformed-body",
    });
    await expect(readJsonBody(req(`{"a":${nested(200_000)}}`), 1_000_000)).rejects.toMatchObject({ status: 400 });
    expect(nestsDeeperThan(JSON.stringify({ s: '[[[[{{{{\\"[[[[', t: [[1]] }), 3)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ s: "\\", t: [[1]] }), 2)).toBe(true);
    expect(nestsDeeperThan('{"a":[{"b":[]}],"c":{}}', 4)).toBe(false);
    expect(nestsDeeperThan('{"a":[{"b":[]}],"c":{}}', 3)).toBe(true);
  });
  it("reports where malformed JSON breaks, never a quote of the body (it may hold a password)", async () => {
    const bodies = [
      '{"currentPassword":"old","newPassword":hunter2-Secret}',
      '{"newPassword":"hunter2-Secret" "x":1}',
      "hunter2-Secret",
      '{"a":\n hunter2-Secret}',
    ];
    for (const b of bodies) {
      const err = await readJsonBody(req(b), 1000).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(err, b).toMatchObject({ status: 400, type: "malformed-body" });
      expect(err!.message).toMatch(/at line \d+, column \d+ \(offset \d+\)$/);
      expect(err!.message).not.toMatch(/hunter|Secret|ret|"/);
    }
    const err = await readJsonBody(req('{"a":\n hunter2-Secret}'), 1000).catch((e: unknown) => e as Error);
    expect((err as Error).message).toBe("request body is not valid JSON at line 2, column 2 (offset 7)");
  });
});
