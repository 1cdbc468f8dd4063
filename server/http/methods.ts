import "server-only";
import type { Refusal } from "../fast-routes.mjs";
import { getLogger } from "../log.ts";
import { systemOps } from "../system/operations.ts";
import { allOperations } from "../openapi.ts";
import type { Problem } from "./problem.ts";
import { requestIdFrom } from "./request-context.ts";

/** What Next.js itself answers on a page: any other method is refused (Next.js already does so for these). */
const PAGE_METHODS = ["GET", "HEAD"];
/** Methods Next.js builds a web Request for; it fails on TRACE, CONNECT and TRACK with a 500 and a stack trace. */
const NEXT_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
/** app/api/v1/[...path]: every standard method on an unknown /api/v1 path is a 404 problem. */
const CATCH_ALL = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

type Template = { pattern: RegExp; params: number; methods: string[] };

/** Allow lists as HTTP writes them: GET brings HEAD, and Next.js answers OPTIONS on every route handler. */
function allowList(methods: Iterable<string>): string[] {
  const set = new Set(methods);
  if (set.has("GET")) set.add("HEAD");
  set.add("OPTIONS");
  return CATCH_ALL.filter((m) => set.has(m));
}

let byPath: { exact: Map<string, string[]>; templates: Template[] } | undefined;

/** The operations' methods by path (static paths in a map, the rest as patterns, fewest parameters first). */
function table() {
  if (byPath) return byPath;
  const methods = new Map<string, Set<string>>();
  for (const op of allOperations)
    if (op !== systemOps.notFound)
      (methods.get(op.path) ?? methods.set(op.path, new Set()).get(op.path)!).add(op.method);
  const exact = new Map<string, string[]>();
  const templates: Template[] = [];
  for (const [path, set] of methods) {
    const params = path.match(/\{\w+\}/g)?.length ?? 0;
    if (!params) exact.set(path, allowList(set));
    else
      templates.push({
        pattern: new RegExp(`^${path.replace(/[.]/g, "\\.").replace(/\{\w+\}/g, "[^/]+")}$`),
        params,
        methods: allowList(set),
      });
  }
  // Next.js prefers a static segment to a dynamic one: of two matching paths, the one with fewer parameters.
  templates.sort((a, b) => a.params - b.params);
  return (byPath = { exact, templates });
}

/** The methods a path answers: its operations' for the API, GET and HEAD for pages (and anything else Next.js serves). */
export function allowedMethods(pathname: string): string[] {
  const t = table();
  const found = t.exact.get(pathname) ?? t.templates.find((x) => x.pattern.test(pathname))?.methods;
  if (found) return found;
  return pathname.startsWith("/api/v1/") ? CATCH_ALL : PAGE_METHODS;
}

/**
 * The 405 for a method the path's route does not define, with Allow listing those it does; null when the route
 * defines it. Pages are refused here only for the methods Next.js cannot take at all (it answers the others with
 * its own 405 and Allow). Called by scripts/serve.mjs before Next.js sees the request, for every request.
 */
export function refuseMethod(method: string, target: string, requestIdHeader?: string): Refusal | null {
  const q = target.indexOf("?");
  const pathname = q < 0 ? target : target.slice(0, q);
  const allow = allowedMethods(pathname);
  if (allow.includes(method) || (allow === PAGE_METHODS && NEXT_METHODS.has(method))) return null;
  const requestId = requestIdFrom(new Headers(requestIdHeader ? { "x-request-id": requestIdHeader } : {}));
  const detail = `${method.slice(0, 32)} is not allowed on this path; it answers ${allow.join(", ")}`;
  getLogger().warn(
    { requestId, method: method.slice(0, 32), path: pathname.slice(0, 512), status: 405 },
    "request refused",
  );
  const headers = { allow: allow.join(", "), "x-request-id": requestId, "cache-control": "no-store" };
  if (allow === PAGE_METHODS)
    return {
      status: 405,
      headers: { ...headers, "content-type": "text/plain; charset=utf-8" },
      body: "Method Not Allowed",
    };
  const problem: Problem = {
    type: "/problems/method-not-allowed",
    title: "Method not allowed",
    status: 405,
    detail,
    instance: pathname.slice(0, 512),
    requestId,
  };
  return {
    status: 405,
    headers: { ...headers, "content-type": "application/problem+json" },
    body: JSON.stringify(problem),
  };
}
