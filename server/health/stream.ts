import "server-only";
import type { HealthMonitor } from "./monitor.ts";

const HEARTBEAT_MS = 15_000;

/** Server-Sent Events: `event: health` with the current snapshot, then one after every probe cycle. */
export function streamHealth(monitor: HealthMonitor, signal: AbortSignal): Response {
  const enc = new TextEncoder();
  let unsubscribe = () => {};
  let heartbeat: NodeJS.Timeout | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (chunk: string) => {
        try { controller.enqueue(enc.encode(chunk)); } catch { close(); }
      };
      const close = () => {
        unsubscribe();
        clearInterval(heartbeat);
        try { controller.close(); } catch { /* already closed */ }
      };
      unsubscribe = monitor.subscribe((s) => send(`event: health\ndata: ${JSON.stringify(s)}\n\n`));
      heartbeat = setInterval(() => send(": keep-alive\n\n"), HEARTBEAT_MS);
      signal.addEventListener("abort", close);
      const now = monitor.peek();
      if (now) send(`event: health\ndata: ${JSON.stringify(now)}\n\n`);
      else void monitor.snapshot().catch(() => {}); // the first cycle's result reaches the subscriber
    },
    cancel() {
      unsubscribe();
      clearInterval(heartbeat);
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
}
