import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readJsonBody } from "./body.ts";
import { readBody, toWebRequest } from "./node-io.mjs";

/** A Node request with these headers whose body arrives in the given chunks. */
function nodeRequest(chunks: string[], headers: Record<string, string> = {}): IncomingMessage {
  const req = Readable.from(chunks.map((c) => Buffer.from(c))) as unknown as IncomingMessage;
  const raw = Object.entries({ host: "127.0.0.1:3000", "content-type": "application/json", ...headers }).flat();
  return Object.assign(req, {
    headers: Object.fromEntries(Object.entries(headers)),
    rawHeaders: raw,
    method: "POST",
    url: "/api/v1/lineage",
    socket: { remoteAddress: "127.0.0.1" },
  });
}

describe("the production server's body reader", () => {
  it("hands the body it read to the route's reader with its Request", async () => {
    const req = nodeRequest(['{"a":', "1}"]);
    const { body, close } = await readBody(req, 100);
    expect(close).toBe(false);
    expect(await readJsonBody(toWebRequest(req, body, "127.0.0.1:3000"), 100)).toEqual({ a: 1 });
  });

  it("cuts a body past the limit one byte after it, which the route answers with 413", async () => {
    const req = nodeRequest(["x".repeat(60), "y".repeat(60)]);
    const { body } = await readBody(req, 100);
    expect(body.byteLength).toBe(101);
    await expect(readJsonBody(toWebRequest(req, body, "127.0.0.1:3000"), 100)).rejects.toMatchObject({ status: 413 });
  });

  it("answers a declared length over the limit from the header alone", async () => {
    const { body, close } = await readBody(nodeRequest([], { "content-length": String(128 * 1024 * 1024) }), 100);
    expect(body.byteLength).toBe(0);
    expect(close).toBe(true);
  });
});
