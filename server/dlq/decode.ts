import "server-only";
import type { DecodedPayload } from "./contract.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** True when the bytes are valid UTF-8 without control characters other than tab, CR and LF. */
function asText(buf: Uint8Array): string | null {
  let s: string;
  try {
    s = utf8.decode(buf);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s) ? null : s;
}

function hexDump(buf: Uint8Array, max: number): string {
  const lines: string[] = [];
  const n = Math.min(buf.length, max);
  for (let i = 0; i < n; i += 16) {
    const row = buf.subarray(i, Math.min(i + 16, n));
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, "0")).join(" ");
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join("");
    lines.push(`${i.toString(16).padStart(8, "0")}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return lines.join("\n");
}

/**
 * Decodes a key, value or header for display: JSON pretty-printed, UTF-8 text as is, anything else as
 * base64 with a hex dump. Payloads larger than `preview` bytes are cut (`truncated`); JSON that is cut
 * is shown as text, since it no longer parses.
 */
export function decodePayload(buf: Uint8Array | null | undefined, preview = 16_384): DecodedPayload {
  if (buf === null || buf === undefined) return { kind: "null", text: null, base64: null, size: 0, truncated: false };
  const size = buf.length;
  const truncated = size > preview;
  const text = asText(truncated ? trimToUtf8Boundary(buf.subarray(0, preview)) : buf);
  if (text !== null) {
    if (!truncated) {
      const t = text.trimStart();
      if (t.startsWith("{") || t.startsWith("[")) {
        try {
          return { kind: "json", text: JSON.stringify(JSON.parse(text), null, 2), base64: null, size, truncated };
        } catch {
          /* not JSON: text */
        }
      }
    }
    return { kind: "text", text, base64: null, size, truncated };
  }
  const part = buf.subarray(0, Math.min(size, preview));
  return { kind: "binary", text: hexDump(part, 4096), base64: Buffer.from(part).toString("base64"), size, truncated };
}

/** Cuts a trailing partial UTF-8 sequence so a truncated preview of text still decodes as text. */
function trimToUtf8Boundary(buf: Uint8Array): Uint8Array {
  let end = buf.length;
  // Walk back over at most 3 continuation bytes to the lead byte of the last sequence.
  let i = end - 1;
  let back = 0;
  while (i >= 0 && back < 3 && (buf[i]! & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i >= 0) {
    const lead = buf[i]!;
    const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (need > back + 1) end = i;
  }
  return buf.subarray(0, end);
}

/** Header values as text where they are text (for search and for header-based error formats). */
export function headerText(buf: Uint8Array | null | undefined): string | null {
  if (!buf) return null;
  return asText(buf);
}
