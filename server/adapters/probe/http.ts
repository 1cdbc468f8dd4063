import "server-only";
import { describeNetworkError, ProbeFailure } from "./errors.ts";
import { redact } from "./redact.ts";

/** What an HTTP GET answered: status and the body as text (at most BODY_LIMIT bytes of it). */
export type HttpAnswer = { status: number; statusText: string; body: string };

const BODY_LIMIT = 1024 * 1024;

async function readCapped(body: ReadableStream<Uint8Array> | null): Promise<string> {
  const reader = body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > BODY_LIMIT) {
        await reader.cancel();
        break;
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** GET with a deadline over the whole exchange and a body cap; network failures become ProbeFailure. */
export async function httpGet(url: string, timeoutMs: number): Promise<HttpAnswer> {
  const where = redact(url);
  try {
    const res = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "manual",
      headers: { accept: "application/json, text/plain, */*" },
    });
    return { status: res.status, statusText: res.statusText, body: await readCapped(res.body) };
  } catch (e) {
    throw new ProbeFailure(describeNetworkError(e, where, timeoutMs));
  }
}
