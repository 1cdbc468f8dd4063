/**
 * What PostgreSQL (and PGlite) cannot store. Text and jsonb refuse U+0000 ("invalid byte sequence for encoding
 * "UTF8": 0x00", "\u0000 cannot be converted to text"), and jsonb refuses a lone UTF-16 surrogate, which
 * JSON.stringify writes as "\ud800". Input holding either is refused at the edge, naming
 * where; the audit trail, which must never lose an event, escapes them instead.
 */

import "server-only";
export const NUL_MESSAGE = "contains a NUL character (\\u0000), which cannot be stored";
export const SURROGATE_MESSAGE = "contains a lone UTF-16 surrogate (\\uD800-\\uDFFF), which cannot be stored";

/** A high surrogate not followed by a low one, or a low one not preceded by a high one (UTF-16 code units). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, "g");

/** The first problem a string has for PostgreSQL, or null. */
function problemOf(s: string): string | null {
  if (s.includes("\0")) return NUL_MESSAGE;
  return LONE_SURROGATE.test(s) ? SURROGATE_MESSAGE : null;
}

/**
 * Where the first string or object key in `value` that PostgreSQL cannot store is (keys and array indexes from
 * the root), and why; null when there is none. Walks JSON-like values: bodies are bounded in depth before this.
 */
export function findUnstorable(value: unknown): { path: string[]; message: string } | null {
  if (typeof value === "string") {
    const message = problemOf(value);
    return message ? { path: [], message } : null;
  }
  if (!value || typeof value !== "object") return null;
  for (const [k, v] of Object.entries(value)) {
    const keyProblem = problemOf(k);
    // The key is named escaped, so that the path (in problems, logs and audit details) is storable itself.
    if (keyProblem) return { path: [storableString(k)], message: keyProblem };
    const inner = findUnstorable(v);
    if (inner) return { path: [k, ...inner.path], message: inner.message };
  }
  return null;
}

/** `s` with U+0000 written as the six characters `\u0000` and lone surrogates as U+FFFD. */
export function storableString(s: string): string {
  const noNul = s.includes("\0") ? s.replaceAll("\0", "\\u0000") : s;
  return LONE_SURROGATE.test(noNul) ? noNul.replace(LONE_SURROGATES, "\uFFFD") : noNul;
}

function storableKeys(o: Record<string, unknown>): Record<string, unknown> {
  if (Object.keys(o).every((k) => problemOf(k) === null)) return o;
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [storableString(k), v]));
}

/** JSON.stringify whose text PostgreSQL's jsonb (and text, through jsonb_to_recordset) always accepts. */
export function toStorableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "string") return storableString(v);
    if (v && typeof v === "object" && !Array.isArray(v)) return storableKeys(v as Record<string, unknown>);
    return v;
  });
}
