import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readJsonBody } from "./body.ts";
import { acceptsGzip, readBody, sendWebResponse, toWebRequest } from "./node-io.mjs";

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

/** What sendWebResponse wrote: status, headers and body. */
async function sent(response: Response, acceptEncoding?: string) {
  const out = { status: 0, headers: {} as OutgoingHttpHeaders, body: Buffer.alloc(0) };
  const res = {
    writeHead: (status: number, headers: OutgoingHttpHeaders) => Object.assign(out, { status, headers }),
    end: (body: Buffer) => Object.assign(out, { body }),
  } as unknown as ServerResponse;
  await sendWebResponse(res, response, false, acceptEncoding);
  return out;
}

describe("the production server's response writer", () => {
  const json = JSON.stringify({ jobs: Array.from({ length: 40 }, (_, i) => ({ id: `job-${i}`, state: "queued" })) });
  const response = () => new Response(json, { status: 200, headers: { "content-type": "application/json" } });

  it("gzips a body of 1 KiB or more for a client that accepts it, as Next.js does on its path", async () => {
    const out = await sent(response(), "gzip, deflate, br");
    expect(out.headers["content-encoding"]).toBe("gzip");
    expect(out.headers.vary).toBe("Accept-Encoding");
    expect(out.headers["content-length"]).toBe(String(out.body.length));
    expect(gunzipSync(out.body).toString()).toBe(json);
  });

  it("sends it as it is to a client that does not, or for a small body", async () => {
    for (const accept of [undefined, "identity", "br", "gzip;q=0", "*;q=0"]) {
      const out = await sent(response(), accept);
      expect(out.headers["content-encoding"], accept).toBeUndefined();
      expect(out.body.toString()).toBe(json);
    }
    const small = await sent(new Response('{"ok":true}'), "gzip");
    expect(small.headers["content-encoding"]).toBeUndefined();
    expect(small.headers["content-length"]).toBe("11");
  });

  it("reads Accept-Encoding with its q values", () => {
    expect(acceptsGzip("gzip")).toBe(true);
    expect(acceptsGzip("deflate, GZIP;q=0.5")).toBe(true);
    expect(acceptsGzip("*")).toBe(true);
    expect(acceptsGzip("*, gzip;q=0")).toBe(false);
    expect(acceptsGzip("gzip;q=0.0")).toBe(false);
    expect(acceptsGzip("br, identity")).toBe(false);
    expect(acceptsGzip("")).toBe(false);
  });
});
