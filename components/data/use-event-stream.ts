"use client";
import { useEffect, useState } from "react";
import type { z } from "zod";

/**
 * Follows a Server-Sent Events stream and keeps the latest parsed event of `event` type. The stream
 * is closed when the server ends it (finite streams, such as a finished job), not reconnected.
 */
export function useEventStream<S extends z.ZodType>(url: string | null, event: string, schema: S): z.infer<S> | null {
  const [latest, setLatest] = useState<{ url: string; value: z.infer<S> } | null>(null);
  useEffect(() => {
    if (!url) return;
    const es = new EventSource(url, { withCredentials: true });
    es.addEventListener(event, (e) => {
      const parsed = schema.safeParse(JSON.parse((e as MessageEvent<string>).data));
      if (parsed.success) setLatest({ url, value: parsed.data });
    });
    es.onerror = () => es.close();
    return () => es.close();
  }, [url, event, schema]);
  return latest && latest.url === url ? latest.value : null;
}
