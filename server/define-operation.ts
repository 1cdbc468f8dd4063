// How an API endpoint is declared (each capability's operations.ts). Client-safe, zod and types only: the UI
// imports the declarations to build its request URLs, and the capabilities declare without depending on server/http.
import type { z } from "zod";
import type { Role, Scope } from "./auth/contract.ts";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * One API operation: the single description that both the route handler (validation, role, audit)
 * and the OpenAPI document are built from.
 */
export type Operation<
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  P extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> = {
  method: HttpMethod;
  /** OpenAPI-style path: `/api/v1/users/{id}`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** Minimum role; "public" needs no authentication (health, metrics, login only). */
  role: Role | "public";
  /**
   * The scope a scoped API token needs (server/auth/contract.ts SCOPES), checked with the role by server/http/route.ts
   * and listed in the OpenAPI security requirement. `null`: none, for what any signed-in caller may do (who am I, the
   * API document). Required on every non-public operation, so a new endpoint cannot forget it and open itself to
   * every scoped token. On a public operation whose handler asks for a caller itself (metrics), the scope it asks.
   */
  scope?: Scope | null;
  query?: Q;
  body?: B;
  params?: P;
  response?: R;
  /** Content type of a non-JSON success response (text/plain metrics, text/event-stream); several when a query picks one (export: JSON lines or CSV). */
  responseType?: string | readonly string[];
  /** 302: a browser step (OpenID Connect sign-in) that answers with a redirect. */
  status?: 200 | 201 | 202 | 204 | 302;
  /** Audit action name; required for mutating methods. */
  audit?: string;
  /**
   * Problem answers beyond those derived from the declaration (server/openapi.ts derives 400, 401/403,
   * 404 for params, 413/415 for a body, 503), each with when it happens: 409 conflicts, 429, 502.
   */
  errors?: Partial<Record<401 | 404 | 409 | 429 | 502, string>>;
  /** Answers besides `status` (JSON, `schema` defaults to `response`): 200 when `wait=true` waited, 412 of a failed gate; 204 has no body. */
  responses?: Partial<Record<200 | 204 | 412 | 503, { description: string; schema?: z.ZodType }>>;
  /** For text/event-stream: the data schema of each event name the stream sends. */
  events?: Record<string, z.ZodType>;
};

export function defineOperation<const T extends Operation>(op: T): T {
  const mutating = op.method !== "GET";
  if (mutating && !op.audit) throw new Error(`operation ${op.method} ${op.path} mutates but names no audit action`);
  if (op.role !== "public" && op.scope === undefined)
    throw new Error(`operation ${op.method} ${op.path} names no scope (a Scope, or null for none)`);
  return op;
}

export function isMutating(method: string): boolean {
  return method !== "GET" && method !== "HEAD" && method !== "OPTIONS";
}
