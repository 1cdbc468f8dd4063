import "server-only";
import { setMaxListeners } from "node:events";
import type { EventStream } from "../event-stream.ts";

const HEARTBEAT_MS = 15_000;
const BATCH_MS = 100;

/**
 * A Server-Sent Events response fed by `produce`: events are batched every 100 ms (a chatty producer cannot
 * flood the browser with one write per event), a comment every 15 s keeps idle connections open, `stop`
 * aborts when the client goes away, and the stream ends when `produce` returns (an `error` event first if
 * it throws).
 */
export function sseResponse(signal: AbortSignal, produce: EventStream): Response {
  const enc = new TextEncoder();
  const ctl = new AbortController();
  setMaxListeners(0, ctl.signal); // a producer may listen once per source (one per container's stream)
  const onAbort = () => ctl.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  let pending: string[] = [];
  let flushTimer: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const flush = () => {
        flushTimer = undefined;
        if (!pending.length) return;
        const chunk = pending.join("");
        pending = [];
        try {
          controller.enqueue(enc.encode(chunk));
        } catch {
          ctl.abort();
        }
      };
      const emit = (event: string, data: unknown) => {
        pending.push(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        flushTimer ??= setTimeout(flush, BATCH_MS);
      };
      heartbeat = setInterval(() => {
        pending.push(": keep-alive\n\n");
        flush();
      }, HEARTBEAT_MS);
      produce(emit, ctl.signal)
        .catch((e: unknown) => emit("error", { message: e instanceof Error ? e.message : String(e) }))
        .finally(() => {
          clearInterval(heartbeat);
          clearTimeout(flushTimer);
          flush();
          signal.removeEventListener("abort", onAbort);
          try {
            controller.close();
          } catch {
            /* closed by the client */
          }
        });
    },
    cancel() {
      ctl.abort();
      clearInterval(heartbeat);
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
