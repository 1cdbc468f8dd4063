import type { z } from "zod";

/** The `{name}` placeholders of an OpenAPI-style path template, as a union of names. */
export type PathParamNames<P extends string> = P extends `${string}{${infer N}}${infer Rest}`
  ? N | PathParamNames<Rest>
  : never;

type Scalar = string | number | boolean | null | undefined;

/** What apiPath reads of an operation declared in server/<capability>/operations.ts. */
type PathOperation = { path: string; query?: z.ZodType };

/** Query values by the names the operation's query schema declares (any names when it declares none). */
type QueryOf<O extends PathOperation> = O extends { query: infer Q extends z.ZodType }
  ? { [K in keyof z.input<Q>]?: Scalar }
  : Record<string, Scalar>;

type ParamsOf<O extends PathOperation> = Record<PathParamNames<O["path"]>, string | number>;

/** Params are required exactly when the path has placeholders. */
type PathArgs<O extends PathOperation> = [PathParamNames<O["path"]>] extends [never]
  ? [params?: Record<string, never> | null, query?: QueryOf<O>]
  : [params: ParamsOf<O>, query?: QueryOf<O>];

/** URL query string from a params object, leaving out empty values. */
export function qs(params: Record<string, Scalar>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : "";
}

/**
 * The URL of one API operation: its declared path with each `{name}` replaced by the encoded param, plus the query
 * (empty values left out). Param and query names are checked against the declaration by tsc.
 */
export function apiPath<O extends PathOperation>(op: O, ...[params, query]: PathArgs<O>): string {
  const values: Record<string, string | number> = params ?? {};
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`apiPath: no value for {${name}} in ${op.path}`);
    return encodeURIComponent(String(v));
  });
  return path + qs(query ?? {});
}
