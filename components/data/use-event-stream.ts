"use client";
import { useEffect, useRef, useState } from "react";
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
 * Follows a Server-Sent Events stream and keeps the latest parsed event of `event` type. Once an event is final
 * (`isFinal`, e.g. a finished job) the end of the stream closes it; before that, a dropped connection is left to the
 * EventSource's own reconnect, so a slow or interrupted start does not lose the stream for good. A refusal (an HTTP
 * error answer) closes it at once.
 */
export function useEventStream<S extends z.ZodType>(
  url: string | null,
  event: string,
  schema: S,
  isFinal: (value: z.infer<S>) => boolean = () => true,
): z.infer<S> | null {
  const [latest, setLatest] = useState<{ url: string; value: z.infer<S> } | null>(null);
  const final = useRef(isFinal);
  final.current = isFinal;
  useEffect(() => {
    if (!url) return;
    const es = new EventSource(url, { withCredentials: true });
    let done = false;
    onStreamEvent(es, event, schema, (value) => {
      done = final.current(value);
      setLatest({ url, value });
    });
    es.onerror = () => {
      if (done || es.readyState === EventSource.CLOSED) es.close();
    };
    return () => es.close();
  }, [url, event, schema]);
  return latest && latest.url === url ? latest.value : null;
}
