/**
 * Where JSON text stops being JSON (RFC 8259), for error messages. V8's SyntaxError quotes the text around an
 * unexpected token ("Unexpected token 'h', ..."password":hunter2sec"..."), and a request body may hold a password:
 * the position alone is reported. Iterative, so a deeply nested body cannot overflow the stack.
 */
import "server-only";
export type JsonErrorPosition = { offset: number; line: number; column: number };

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);

/** Offset of the first character that cannot continue a JSON text, or `text.length` when it ends too early; -1 if valid. */
export function jsonErrorOffset(text: string): number {
  const stack: string[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const string = (): boolean => {
    if (text[i] !== '"') return false;
    for (i++; i < text.length; i++) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return true;
      }
      if (c < " ") return false;
      if (c !== "\\") continue;
      const e = text[++i];
      if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) i += 4;
      else if (e === undefined || !ESCAPES.has(e)) return false;
    }
    return false;
  };
  const scalar = (): boolean => {
    if (text[i] === '"') return string();
    for (const word of ["true", "false", "null"])
      if (text.startsWith(word, i)) {
        i += word.length;
        return true;
      }
    NUMBER.lastIndex = i;
    if (!NUMBER.test(text)) return false;
    i = NUMBER.lastIndex;
    return true;
  };
  for (;;) {
    // Expecting a value.
    skipSpace();
    const open = text[i];
    if (open === "[" || open === "{") {
      i++;
      stack.push(open);
      skipSpace();
      if (text[i] === (open === "[" ? "]" : "}")) {
        i++;
        stack.pop();
      } else if (open === "[")
        continue; // the first element
      else if (!key()) return i;
      else continue; // the first member's value
    } else if (!scalar()) return i;
    // After a value: close containers or move to the next element.
    for (;;) {
      skipSpace();
      const top = stack.at(-1);
      if (top === undefined) return i === text.length ? -1 : i;
      if (text[i] === (top === "[" ? "]" : "}")) {
        i++;
        stack.pop();
        continue;
      }
      if (text[i] !== ",") return i;
      i++;
      if (top === "{" && !key()) return i;
      break;
    }
  }

  function key(): boolean {
    skipSpace();
    if (!string()) return false;
    skipSpace();
    if (text[i] !== ":") return false;
    i++;
    return true;
  }
}

/** Line and column (both from 1) of a JSON syntax error in `text`, or null when the text is valid JSON. */
export function jsonErrorPosition(text: string): JsonErrorPosition | null {
  const offset = jsonErrorOffset(text);
  if (offset < 0) return null;
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { offset, line, column: offset - before.lastIndexOf("\n") };
}
