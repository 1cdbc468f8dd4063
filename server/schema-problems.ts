import "server-only";
import type { ErrorObject } from "ajv";
import type { FieldProblem } from "./errors.ts";

/** A JSON pointer's reference tokens, unescaped (RFC 6901): `/a~1b/0` → `["a/b", "0"]`. */
export function pointerSegments(pointer: string): string[] {
  return pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/**
 * Ajv's errors as problems, each path and message once. Errors of the keywords in `skip` (composites such as
 * anyOf, whose branches report their own errors) are left out; `describe` gives one error's path and message,
 * from the instance path's segments.
 */
export function schemaProblems(
  errors: ErrorObject[] | null | undefined,
  skip: ReadonlySet<string>,
  describe: (e: ErrorObject, segments: string[]) => FieldProblem,
): FieldProblem[] {
  const out: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    if (skip.has(e.keyword)) continue;
    const p = describe(e, pointerSegments(e.instancePath));
    const key = `${p.path}\u0000${p.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  }
  return out;
}
