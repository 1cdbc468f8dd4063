import "server-only";
import type { EventStream } from "../event-stream.ts";
import type { HealthMonitor } from "./monitor.ts";

/** The health events: `event: health` with the current snapshot, then one after every probe cycle. */
export function streamHealth(monitor: HealthMonitor): EventStream {
  return async (emit, stop) => {
    const unsubscribe = monitor.subscribe((s) => emit("health", s));
    const now = monitor.peek();
    if (now) emit("health", now);
    else void monitor.snapshot().catch(() => {}); // the first cycle's result reaches the subscriber
    await new Promise<void>((resolve) =>
      stop.aborted ? resolve() : stop.addEventListener("abort", () => resolve(), { once: true }),
    );
    unsubscribe();
  };
}
