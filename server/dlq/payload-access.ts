import "server-only";
import { hasRole, type Role } from "../auth/index.ts";
import { ForbiddenError } from "../errors.ts";
import type { DecodedPayload, DlqMessage, MessageFilter } from "./contract.ts";
import { toDlqMessage, type ReadRecord } from "./messages.ts";

/**
 * Who may read dead-letter payloads. Dead letters hold customer data, so NEXUS_DLQ_PAYLOAD_ROLE can ask
 * more than viewer for keys, values and header values; below it a caller still sees metadata, sizes and
 * the normalized error.
 */
export type PayloadAccess = { shown: boolean; role: Role };

export function payloadAccess(callerRole: Role, payloadRole: Role): PayloadAccess {
  return { shown: hasRole(callerRole, payloadRole), role: payloadRole };
}

/** Throws 403 naming the role when the caller may not read payloads. */
export function assertPayloadAccess(access: PayloadAccess, callerRole: Role, what: string): void {
  if (!access.shown)
    throw new ForbiddenError(`${what} needs the ${access.role} role (NEXUS_DLQ_PAYLOAD_ROLE); you have ${callerRole}`);
}

/** A text filter searches keys, values and header values: its hits would tell a caller who may not read them what they hold. */
export function assertTextFilterAllowed(access: PayloadAccess, callerRole: Role, filter: MessageFilter): void {
  if (filter.text !== undefined) assertPayloadAccess(access, callerRole, "searching message contents (text)");
}

function placeholder(buf: Uint8Array | null | undefined, kind: "hidden" | "omitted"): DecodedPayload {
  if (buf === null || buf === undefined) return { kind: "null", text: null, base64: null, size: 0, truncated: false };
  return { kind, text: null, base64: null, size: buf.length, truncated: false };
}

/** The message with its key, value and header values reduced to their sizes; nothing is decoded. */
export function messageWithoutPayloads(topic: string, r: ReadRecord, kind: "hidden" | "omitted"): DlqMessage {
  return {
    topic,
    partition: r.partition,
    offset: r.offset.toString(),
    timestamp: new Date(Number(r.timestamp)).toISOString(),
    key: placeholder(r.key, kind),
    value: placeholder(r.value, kind),
    headers: r.headers.map(([key, v]) => ({ key, value: placeholder(v, kind) })),
    error: r.error,
    ...(r.object !== undefined && { object: r.object }),
  };
}

const hide = (p: DecodedPayload): DecodedPayload =>
  p.kind === "null" ? p : { kind: "hidden", text: null, base64: null, size: p.size, truncated: false };

/** A decoded message with its key, value and header values hidden (replay samples for a caller below the role). */
export function hidePayloads(m: DlqMessage): DlqMessage {
  return {
    ...m,
    key: hide(m.key),
    value: hide(m.value),
    headers: m.headers.map((h) => ({ key: h.key, value: hide(h.value) })),
  };
}

/** Bytes a decoded payload puts on a page: its display text and base64. */
export function payloadBytes(p: DecodedPayload): number {
  return Buffer.byteLength(p.text ?? "") + (p.base64?.length ?? 0);
}

function messageBytes(m: DlqMessage): number {
  return payloadBytes(m.key) + payloadBytes(m.value) + m.headers.reduce((n, h) => n + payloadBytes(h.value), 0);
}

/**
 * The messages of a browse page with their previews, within `maxBytes` of previews in all: every message is
 * listed (so the page and its cursors stay what they would be), and from the first whose previews do not fit
 * on, key, value and header values are `omitted` (the single-message endpoint has them).
 */
export function pageMessages(
  topic: string,
  recs: ReadRecord[],
  opts: { preview: number; access: PayloadAccess; maxBytes: number },
) {
  if (!opts.access.shown)
    return { messages: recs.map((r) => messageWithoutPayloads(topic, r, "hidden")), bytes: 0, capped: false };
  let bytes = 0;
  let capped = false;
  const messages = recs.map((r) => {
    if (!capped) {
      const m = toDlqMessage(topic, r, opts.preview);
      const n = messageBytes(m);
      if (bytes + n <= opts.maxBytes) {
        bytes += n;
        return m;
      }
      capped = true;
    }
    return messageWithoutPayloads(topic, r, "omitted");
  });
  return { messages, bytes, capped };
}
