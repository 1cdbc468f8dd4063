import "server-only";
import { sseResponse } from "../http/sse.ts";
import type { HealthMonitor } from "./monitor.ts";

/** Server-Sent Events: `event: health` with the current snapshot, then one after every probe cycle. */
export function streamHealth(monitor: HealthMonitor, signal: AbortSignal): Response {
  return sseResponse(signal, async (emit, stop) => {
    const unsubscribe = monitor.subscribe((s) => emit("health", s));
    const now = monitor.peek();
    if (now) emit("health", now);
    else void monitor.snapshot().catch(() => {}); // the first cycle's result reaches the subscriber
    await new Promise<void>((resolve) => (stop.aborted ? resolve() : stop.addEventListener("abort", () => resolve(), { once: true })));
    unsubscribe();
  });
}
