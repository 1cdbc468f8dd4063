/**
 * Compose variable interpolation, as the Compose specification defines it
 * (https://github.com/compose-spec/compose-spec/blob/main/spec.md#interpolation):
 * `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`,
 * `${VAR:+replacement}`, `${VAR+replacement}`, nesting inside defaults, and `$$` for a literal `$`.
 */
export type Env = Readonly<Record<string, string | undefined>>;
export type InterpolationProblem = { path: string; message: string };

export class InterpolationError extends Error {
  constructor(readonly problem: InterpolationProblem) {
    super(`${problem.path}: ${problem.message}`);
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Index of the `}` closing the `${` whose body starts at `from`, honouring nested `${…}`. */
function closingBrace(s: string, from: number): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    if (s[i] === "$" && s[i + 1] === "$") i++;
    else if (s[i] === "$" && s[i + 1] === "{") {
      depth++;
      i++;
    } else if (s[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

function expandBraced(body: string, env: Env, path: string): string {
  const name = NAME.exec(body)?.[0];
  if (!name) throw new InterpolationError({ path, message: `invalid interpolation format "\${${body}}"` });
  const rest = body.slice(name.length);
  const value = env[name];
  if (rest === "") return value ?? "";
  const op = /^(:?[-?+])/.exec(rest)?.[1];
  if (!op) throw new InterpolationError({ path, message: `invalid interpolation format "\${${body}}"` });
  const arg = () => interpolateString(rest.slice(op.length), env, path);
  const unset = value === undefined;
  const empty = unset || value === "";
  switch (op) {
    case ":-": return empty ? arg() : value!;
    case "-": return unset ? arg() : value!;
    case ":+": return empty ? "" : arg();
    case "+": return unset ? "" : arg();
    case ":?":
    case "?":
      if (op === ":?" ? empty : unset) {
        const message = arg();
        throw new InterpolationError({ path, message: `required variable ${name} is ${unset ? "missing" : "empty"}${message ? `: ${message}` : ""}` });
      }
      return value!;
    default:
      throw new InterpolationError({ path, message: `invalid interpolation format "\${${body}}"` });
  }
}

/** Interpolates one string value; `path` names it in errors (`services.web.image`). */
export function interpolateString(s: string, env: Env, path = ""): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== "$") {
      out += c;
      continue;
    }
    const next = s[i + 1];
    if (next === "$") {
      out += "$";
      i++;
    } else if (next === "{") {
      const end = closingBrace(s, i + 2);
      if (end < 0) throw new InterpolationError({ path, message: `unterminated "\${" in "${s}"` });
      out += expandBraced(s.slice(i + 2, end), env, path);
      i = end;
    } else {
      const name = NAME.exec(s.slice(i + 1))?.[0];
      if (name) {
        out += env[name] ?? "";
        i += name.length;
      } else out += "$";
    }
  }
  return out;
}

/**
 * Interpolates every string value of a parsed Compose document (keys are left alone, as Compose does),
 * collecting every problem instead of stopping at the first.
 */
export function interpolateDocument(doc: unknown, env: Env): { value: unknown; problems: InterpolationProblem[] } {
  const problems: InterpolationProblem[] = [];
  const walk = (v: unknown, path: string): unknown => {
    if (typeof v === "string") {
      try {
        return interpolateString(v, env, path);
      } catch (e) {
        if (e instanceof InterpolationError) {
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
