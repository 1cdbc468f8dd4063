"use client";
import { useEffect, useState } from "react";
import type { z } from "zod";

/**
 * Calls `fn` with each `event` of the stream whose data is JSON matching `schema`; other data (not JSON, another
 * shape) is skipped, not thrown inside the EventSource's listener.
 */
export function onStreamEvent<S extends z.ZodType>(
  es: EventSource,
  event: string,
  schema: S,
  fn: (value: z.infer<S>) => void,
): void {
  es.addEventListener(event, (e) => {
    let data: unknown;
    try {
      data = JSON.parse((e as MessageEvent<string>).data);
    } catch {
      return;
    }
    const parsed = schema.safeParse(data);
    if (parsed.success) fn(parsed.data);
  });
}

/**
 * Follows a Server-Sent Events stream and keeps the latest parsed event of `event` type. The stream
 * is closed when the server ends it (finite streams, such as a finished job), not reconnected.
 */
export function useEventStream<S extends z.ZodType>(url: string | null, event: string, schema: S): z.infer<S> | null {
  const [latest, setLatest] = useState<{ url: string; value: z.infer<S> } | null>(null);
  useEffect(() => {
    if (!url) return;
    const es = new EventSource(url, { withCredentials: true });
    onStreamEvent(es, event, schema, (value) => setLatest({ url, value }));
    es.onerror = () => es.close();
    return () => es.close();
  }, [url, event, schema]);
  return latest && latest.url === url ? latest.value : null;
}
