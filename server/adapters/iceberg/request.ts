import "server-only";
import type { z } from "zod";
import { DependencyUnavailableError, NotFoundError, ValidationError } from "../../errors.ts";
import { redact } from "../probe/index.ts";
import { parseCatalogJson } from "./parse-json.ts";
import { ErrorModel } from "./rest-schemas.ts";

export const DEP = "iceberg-rest";

/** One bounded call to the catalog: its answer checked against `schema` (none for HEAD), or one of our errors. */
export type CatalogRequest = <S extends z.ZodType>(
  method: "GET" | "HEAD",
  path: string,
  schema: S | null,
  what: string,
) => Promise<z.infer<S> | null>;

/** fetch refuses a URL with user:password in it: those go in a Basic authorization header instead. */
function splitCredentials(raw: string): { base: string; basic: string | null } {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { base: raw.replace(/\/+$/, ""), basic: null }; // fetch reports it as unreachable
  }
  const basic = u.username
    ? `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString("base64")}`
    : null;
  u.username = "";
  u.password = "";
  return { base: u.toString().replace(/\/+$/, ""), basic };
}

/** The catalog's own error message, when it answered the spec's error model. */
function failure(shown: string, status: number, text: string, what: string) {
  let message = "";
  try {
    const e = ErrorModel.safeParse(JSON.parse(text));
    if (e.success) message = `: ${e.data.error.message.slice(0, 300)}`;
  } catch {
    /* no error model: the status says it */
  }
  if (status === 404) return new NotFoundError(`${what} is not in the catalog${message}`);
  if (status === 400 || status === 422) return new ValidationError(`the catalog refused ${what}${message}`);
  return new DependencyUnavailableError(DEP, `the catalog at ${shown} answered HTTP ${status} for ${what}${message}`);
}

/** Requests to one catalog, and its URL fit to show (password redacted). */
export function createRequest(opts: { url: string; token?: string | undefined; timeoutMs: number }) {
  const { base, basic } = splitCredentials(opts.url);
  const shown = redact(opts.url.replace(/\/+$/, ""));
  const auth = opts.token ? `Bearer ${opts.token}` : basic;
  const request: CatalogRequest = async (method, path, schema, what) => {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: { accept: "application/json", ...(auth ? { authorization: auth } : {}) },
        signal: AbortSignal.timeout(opts.timeoutMs),
        redirect: "error",
      });
    } catch (e) {
      const why =
        e instanceof Error && e.name === "TimeoutError" ? `no answer within ${opts.timeoutMs} ms` : "not reachable";
      throw new DependencyUnavailableError(DEP, `the catalog at ${shown} is ${why} (${what})`, { cause: e });
    }
    const text = method === "HEAD" ? "" : await res.text().catch(() => "");
    if (!res.ok) throw failure(shown, res.status, text, what);
    if (!schema) return null;
    let body: unknown;
    try {
      body = parseCatalogJson(text);
    } catch {
      throw new DependencyUnavailableError(DEP, `the catalog at ${shown} answered no JSON for ${what}`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new DependencyUnavailableError(DEP, `the catalog at ${shown} answered ${what} off the Iceberg REST spec`);
    return parsed.data;
  };
  return { request, shown };
}
