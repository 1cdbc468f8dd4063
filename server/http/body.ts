import "server-only";
import { MalformedBodyError, PayloadTooLargeError, UnsupportedMediaTypeError } from "../errors.ts";
import { jsonErrorPosition } from "./json-error-position.ts";
import { prereadBody } from "./node-io.mjs";

/** Reads the request body as UTF-8 text, refusing more than `limit` bytes before reading them all. */
export async function readBodyText(req: Request, limit: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit)
    throw new PayloadTooLargeError(`request body is ${declared} bytes; the limit is ${limit}`);
  const pre = prereadBody(req);
  if (pre) {
    if (pre.byteLength > limit) throw new PayloadTooLargeError(`request body exceeds the limit of ${limit} bytes`);
    return decodeUtf8(pre);
  }
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new PayloadTooLargeError(`request body exceeds the limit of ${limit} bytes`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return decodeUtf8(bytes);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new MalformedBodyError("request body is not valid UTF-8");
  }
}

/** How deep a JSON body may nest objects and arrays: handlers, validators and hashing walk bodies recursively. */
export const MAX_JSON_DEPTH = 100;

/** Whether valid JSON text nests objects and arrays deeper than `max` (brackets inside strings do not count). */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * Reads and parses a JSON body. An empty body parses as `{}` so optional-only bodies may be omitted. A body nested
 * deeper than MAX_JSON_DEPTH is refused as malformed (a 1 MB body can nest 500,000 levels, enough to overflow the
 * stack of any recursive walk over it).
 */
export async function readJsonBody(req: Request, limit: number): Promise<unknown> {
  const type = req.headers.get("content-type");
  if (type && !/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    throw new UnsupportedMediaTypeError(`expected application/json, got ${type.split(";")[0]}`);
  }
  const text = await readBodyText(req, limit);
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    // Not V8's message: it quotes the text around the error, and the body may hold a password.
    const at = jsonErrorPosition(text);
    throw new MalformedBodyError(
      `request body is not valid JSON${at ? ` at line ${at.line}, column ${at.column} (offset ${at.offset})` : ""}`,
    );
  }
  if (nestsDeeperThan(text, MAX_JSON_DEPTH))
    throw new MalformedBodyError(`request body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels`);
  return value;
}
