import "server-only";
import type { z } from "zod";
import { recordAuditEvent, type AuditRecord } from "../audit/index.ts";
import { actorName, hasRole, type Principal } from "../auth/index.ts";
import { AppError, DependencyUnavailableError, ForbiddenError, UnauthorizedError, ValidationError } from "../errors.ts";
import { DATABASE_RETRY_AFTER_SECONDS } from "../adapters/db/index.ts";
import { getLogger } from "../log.ts";
import { getMetrics } from "../metrics.ts";
import { getRuntime, type Runtime } from "../runtime.ts";
import { assertCsrf, assertSameOrigin, authenticate } from "./authenticate.ts";
import { readJsonBody } from "./body.ts";
import { isMutating, type Operation } from "./operation.ts";
import { problemResponse, toProblem } from "./problem.ts";
import { clientIp, requestIdFrom } from "./request-context.ts";

type Field<O, K extends string> = O extends { [k in K]: infer S extends z.ZodType } ? z.infer<S> : undefined;

/**
 * What the audit event of a mutation says; handlers fill in target and detail. A handler that stored its own
 * audit event, in the transaction of its change, sets `written` on success so that it is not stored twice.
 */
export type AuditNote = { target?: string; detail?: Record<string, unknown>; actor?: string; actorType?: "user" | "anonymous"; written?: boolean };

export type HandlerContext<O extends Operation> = {
  req: Request;
  rt: Runtime;
  requestId: string;
  ip: string;
  /** Null only on public operations. */
  principal: O["role"] extends "public" ? Principal | null : Principal;
  query: Field<O, "query">;
  body: Field<O, "body">;
  params: Field<O, "params">;
  audit: AuditNote;
  /** The audit event this request will have with `status` and the note as it is then, for handlers that write it themselves. */
  auditEvent: (status: number, note?: AuditNote) => AuditRecord;
};

function auditEventOf(op: Operation, principal: Principal | null, note: AuditNote, status: number, requestId: string, ip: string, failure?: unknown): AuditRecord {
  return {
    actor: note.actor ?? actorName(principal), actorType: principal ? (principal.via === "token" ? "token" : "user") : (note.actorType ?? "anonymous"),
    action: op.audit ?? "", target: note.target ?? null, outcome: status < 400 ? "success" : status === 401 || status === 403 ? "denied" : "failure",
    status, requestId, ip, detail: failure instanceof AppError ? { ...note.detail, error: failure.message } : (note.detail ?? null),
  };
}

type NextRouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const errors = r.error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join("."), message: i.message }));
  throw new ValidationError(`invalid ${where}: ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`, errors);
}

/**
 * Wraps a route handler: request id, authentication and role, CSRF, input parsing, body limit,
 * audit of mutations, one log line, the duration histogram, and problem+json for every error.
 */
export function route<O extends Operation>(op: O, handler: (ctx: HandlerContext<O>) => Promise<unknown>) {
  return async (req: Request, next: NextRouteContext): Promise<Response> => {
    const started = performance.now();
    const requestId = requestIdFrom(req.headers);
    const ip = clientIp(req.headers);
    const instance = new URL(req.url).pathname;
    const log = getLogger();
    const audit: AuditNote = {};
    let principal: Principal | null = null;
    let rt: Runtime | undefined;
    let response: Response;
    let failure: unknown;
    try {
      try {
        rt = await getRuntime();
      } catch (e) {
        throw new DependencyUnavailableError("database", "the server could not open its database", { cause: e, retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS });
      }
      if (op.role !== "public") {
        principal = await authenticate(rt.db.prisma, req.headers);
        if (!principal) throw new UnauthorizedError("sign in or send an API token");
        if (!hasRole(principal.role, op.role)) throw new ForbiddenError(`this needs the ${op.role} role; you have ${principal.role}`);
      }
      if (isMutating(req.method)) {
        assertSameOrigin(req.headers, req.url, rt.config.trustedOrigins);
        if (principal) assertCsrf(principal, req.headers);
      }
      const params = op.params ? parseOrThrow(op.params, await next.params, "params") : undefined;
      const query = op.query ? parseOrThrow(op.query, Object.fromEntries(new URL(req.url).searchParams), "query") : undefined;
      const body = op.body ? parseOrThrow(op.body, await readJsonBody(req, rt.config.bodyLimitBytes), "body") : undefined;
      const auditEvent = (status: number, note: AuditNote = audit) => auditEventOf(op, principal, note, status, requestId, ip);
      const ctx = { req, rt, requestId, ip, principal, query, body, params, audit, auditEvent } as HandlerContext<O>;
      const result = await handler(ctx);
      response = toResponse(result, op.status ?? 200);
    } catch (e) {
      failure = e;
      response = problemResponse(toProblem(e, instance, requestId));
    }
    response.headers.set("x-request-id", requestId);
    const status = response.status;
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    getMetrics().httpDuration.observe({ method: req.method, route: op.path, status: String(status) }, durationMs / 1000);

    if (op.audit && rt && (principal || audit.actor) && !(audit.written && !failure)) {
      await recordAuditEvent(rt.db.prisma, auditEventOf(op, principal, audit, status, requestId, ip, failure)).catch((e: unknown) => log.error({ err: e, requestId }, "could not write audit event"));
    }
    const line = { requestId, method: req.method, route: op.path, status, durationMs, actor: actorName(principal) };
    if (failure && !(failure instanceof AppError)) {
      // A database outage is expected (503, toProblem): warn with its cause, once per request, without a stack.
      if (status === 503) log.warn({ ...line, problem: "dependency-unavailable", cause: String(failure) }, "database unavailable");
      else log.error({ ...line, err: failure }, "request failed");
    } else if (failure) log.warn({ ...line, problem: (failure as AppError).type, detail: (failure as AppError).message }, "request refused");
    else log.info(line, "request");
    return response;
  };
}

function toResponse(result: unknown, status: number): Response {
  if (result instanceof Response) return result;
  if (result === undefined || status === 204) return new Response(null, { status: 204 });
  return new Response(JSON.stringify(result), { status, headers: { "content-type": "application/json", "cache-control": "no-store" } });
}
