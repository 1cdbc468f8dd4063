/**
 * Compose variable interpolation, as the Compose specification defines it
 * (https://github.com/compose-spec/compose-spec/blob/main/spec.md#interpolation):
 * `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`,
 * `${VAR:+replacement}`, `${VAR+replacement}`, nesting inside defaults, and `$$` for a literal `$`.
 *
 * One left-to-right pass builds the expression tree with an explicit stack, and nesting is capped: a value
 * nested 170,000 deep once cost seconds of CPU and then overflowed the call stack.
 */
import "server-only";
export type Env = Readonly<Record<string, string | undefined>>;
/** A problem at `path`; for a required variable (`${VAR:?hint}`), which one, whether missing or empty, and the file's hint. */
export type InterpolationProblem = {
  path: string;
  message: string;
  variable?: { name: string; reason: "missing" | "empty"; hint: string };
};

/** How deep `${…}` may nest inside defaults; real Compose files use two or three levels. */
export const MAX_INTERPOLATION_DEPTH = 10;

export class InterpolationError extends Error {
  constructor(readonly problem: InterpolationProblem) {
    super(`${problem.path}: ${problem.message}`);
  }
}

/** Input past a safety limit: the whole request is refused rather than reported as one problem among others. */
export class InterpolationLimitError extends InterpolationError {}

type Op = ":-" | "-" | ":?" | "?" | ":+" | "+";
type Expr = { name: string; op: Op | null; arg: Part[] };
type Part = string | Expr;

// Sticky, so a match at position i costs no copy of the rest of the string.
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const OP = /:[-?+]|[-?+]/y;

function matchAt(re: RegExp, s: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(s)?.[0];
}

/** A bounded quote of user text for messages: a 1 MB value must not become a 1 MB error. */
function quote(s: string, max = 80): string {
  return `"${s.length > max ? `${s.slice(0, max)}…` : s}"`;
}

/** Index of the `}` closing the `${` whose body starts at `from`, honouring nested `${…}`; -1 if none. */
function closingBrace(s: string, from: number): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    if (s[i] === "$" && (s[i + 1] === "$" || s[i + 1] === "{")) {
      if (s[i + 1] === "{") depth++;
      i++;
    } else if (s[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

function malformed(s: string, start: number, path: string): InterpolationError {
  const end = closingBrace(s, start + 2);
  if (end < 0) return new InterpolationError({ path, message: `unterminated "\${" in ${quote(s)}` });
  return new InterpolationError({ path, message: `invalid interpolation format ${quote(s.slice(start, end + 1))}` });
}

/** Parses one string into literal parts and expressions, in one pass; throws on malformed or too deeply nested input. */
function parse(s: string, path: string): Part[] {
  const root: Part[] = [];
  const open: Expr[] = [];
  let parts = root;
  let lit = "";
  const flush = () => {
    if (lit) parts.push(lit);
    lit = "";
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "}" && open.length) {
      flush();
      open.pop();
      parts = open.at(-1)?.arg ?? root;
    } else if (c !== "$") lit += c;
    else if (s[i + 1] === "$") {
      lit += "$";
      i++;
    } else if (s[i + 1] === "{") {
      if (open.length >= MAX_INTERPOLATION_DEPTH) {
        throw new InterpolationLimitError({
          path,
          message: `interpolation nested deeper than ${MAX_INTERPOLATION_DEPTH} levels`,
        });
      }
      const name = matchAt(NAME, s, i + 2);
      const after = i + 2 + (name?.length ?? 0);
      const op = name ? (s[after] === "}" ? "" : matchAt(OP, s, after)) : undefined;
      if (!name || op === undefined) throw malformed(s, i, path);
      flush();
      const expr: Expr = { name, op: (op || null) as Op | null, arg: [] };
      parts.push(expr);
      if (expr.op) {
        open.push(expr);
        parts = expr.arg;
      }
      i = after + op.length - (expr.op ? 1 : 0);
    } else {
      const name = matchAt(NAME, s, i + 1);
      if (!name) lit += "$";
      else {
        flush();
        parts.push({ name, op: null, arg: [] });
        i += name.length;
      }
    }
  }
  if (open.length) throw new InterpolationError({ path, message: `unterminated "\${" in ${quote(s)}` });
  flush();
  return parts;
}

/** Evaluates parsed parts; the recursion is bounded by MAX_INTERPOLATION_DEPTH. Arguments are evaluated only when used. */
function evaluate(parts: Part[], env: Env, path: string): string {
  let out = "";
  for (const p of parts) out += typeof p === "string" ? p : expand(p, env, path);
  return out;
}

function expand({ name, op, arg }: Expr, env: Env, path: string): string {
  const value = env[name];
  const unset = value === undefined;
  const empty = unset || value === "";
  const argValue = () => evaluate(arg, env, path);
  switch (op) {
    case null:
      return value ?? "";
    case ":-":
      return empty ? argValue() : value!;
    case "-":
      return unset ? argValue() : value!;
    case ":+":
      return empty ? "" : argValue();
    case "+":
      return unset ? "" : argValue();
    case ":?":
    case "?": {
      if (!(op === ":?" ? empty : unset)) return value!;
      const message = argValue();
      const reason = unset ? "missing" : "empty";
      throw new InterpolationError({
        path,
        message: `required variable ${name} is ${reason}${message ? `: ${message}` : ""}`,
        variable: { name, reason, hint: message },
      });
    }
  }
}

/** Interpolates one string value; `path` names it in errors (`services.web.image`). */
export function interpolateString(s: string, env: Env, path = ""): string {
  if (!s.includes("$")) return s;
  return evaluate(parse(s, path), env, path);
}

/**
 * Interpolates every string value of a parsed Compose document (keys are left alone, as Compose does),
 * collecting every problem instead of stopping at the first. An InterpolationLimitError is thrown, not collected.
 */
export function interpolateDocument(doc: unknown, env: Env): { value: unknown; problems: InterpolationProblem[] } {
  const problems: InterpolationProblem[] = [];
  const walk = (v: unknown, path: string): unknown => {
    if (typeof v === "string") {
      try {
        return interpolateString(v, env, path);
      } catch (e) {
        if (e instanceof InterpolationError && !(e instanceof InterpolationLimitError)) {
          problems.push(e.problem);
          return v;
        }
        throw e;
      }
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`));
    if (v && typeof v === "object") {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, path ? `${path}.${k}` : k)]));
    }
    return v;
  };
  return { value: walk(doc, ""), problems };
}
