import "server-only";
import type { SourceRecord } from "./source.ts";
import type { DlqMessage, MessageFilter, NormalizedError } from "./contract.ts";
import { decodePayload, headerText } from "./decode.ts";
import { normalizeError } from "./normalize-error.ts";

/** A record with its error normalized once, shared by browse, search, group, export and replay. */
export type ReadRecord = SourceRecord & { error: NormalizedError };

export function withError(r: SourceRecord, mapping: ReadonlyMap<string, string>): ReadRecord {
  return { ...r, error: normalizeError(r.headers, r.value, mapping) };
}

export function toDlqMessage(topic: string, r: ReadRecord, preview: number): DlqMessage {
  return {
    topic,
    partition: r.partition,
    offset: r.offset.toString(),
    timestamp: new Date(Number(r.timestamp)).toISOString(),
    key: decodePayload(r.key, preview),
    value: decodePayload(r.value, preview),
    headers: r.headers.map(([key, v]) => ({ key, value: decodePayload(v, preview) })),
    error: r.error,
    ...(r.object !== undefined && { object: r.object }),
  };
}

function contains(buf: Buffer | null, needle: string): boolean {
  if (!buf) return false;
  // Case-insensitive over text; for binary payloads the raw bytes are searched for the needle as given.
  const t = headerText(buf);
  return t !== null ? t.toLowerCase().includes(needle.toLowerCase()) : buf.includes(needle);
}

/** Does a record match a filter? Text matches key, value, header values and the normalized error message. */
export function matchesFilter(r: ReadRecord, f: MessageFilter): boolean {
  if (f.partition !== undefined && r.partition !== f.partition) return false;
  if (f.errorClass !== undefined && (r.error.errorClass ?? "(none)") !== f.errorClass) return false;
  if (f.originalTopic !== undefined && (r.error.originalTopic ?? "(unknown)") !== f.originalTopic) return false;
  if (f.since !== undefined && Number(r.timestamp) < Date.parse(f.since)) return false;
  if (f.until !== undefined && Number(r.timestamp) > Date.parse(f.until)) return false;
  if (f.text) {
    const t = f.text;
    if (
      !contains(r.key, t) &&
      !contains(r.value, t) &&
      !r.headers.some(([k, v]) => k.toLowerCase().includes(t.toLowerCase()) || contains(v, t)) &&
      !(r.error.message ?? "").toLowerCase().includes(t.toLowerCase())
    )
      return false;
  }
  return true;
}

export function hasFilter(f: MessageFilter): boolean {
  return (
    f.errorClass !== undefined ||
    f.originalTopic !== undefined ||
    f.text !== undefined ||
    f.since !== undefined ||
    f.until !== undefined
  );
}
