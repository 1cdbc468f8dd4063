// What a capability streams to a client: named events with JSON data. server/http/sse.ts sends one as
// Server-Sent Events; the capability knows nothing of HTTP.

import "server-only";

/** Sends one event: its name and its data (anything JSON.stringify takes). */
export type Emit = (event: string, data: unknown) => void;

/**
 * A stream of events: it emits until it returns (the stream ends) or `stop` aborts (the client went away).
 * A throw ends the stream with an `error` event.
 */
export type EventStream = (emit: Emit, stop: AbortSignal) => Promise<void>;
