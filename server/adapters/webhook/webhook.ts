import "server-only";
import { describeNetworkError } from "../probe/errors.ts";

/** Delivers one JSON payload; answers the outcome in words (kept on the alert), never throws. */
export type WebhookDelivery = (payload: Record<string, unknown>) => Promise<string>;

/** Posts a JSON body to the configured webhook within 5 s; returns the outcome in words (kept on the alert). */
export function webhookSender(url: string): WebhookDelivery {
  return async (payload) => {
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(5000),
        redirect: "manual",
      });
      await res.body?.cancel();
      return res.ok ? `delivered (HTTP ${res.status})` : `refused: HTTP ${res.status}`;
    } catch (e) {
      return `failed: ${describeNetworkError(e, new URL(url).host, 5000)}`;
    }
  };
}
