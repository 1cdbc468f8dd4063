import "server-only";
import type { z } from "zod";
import { recordAuditEvent, type AuditRecord } from "../audit/index.ts";
import { actorName, assertScope, hasRole, missingScope, type Principal } from "../auth/index.ts";
import { AppError, DependencyUnavailableError, ForbiddenError, UnauthorizedError, ValidationError } from "../errors.ts";
import { DATABASE_RETRY_AFTER_SECONDS } from "../adapters/db/index.ts";
import { getConfig } from "../config.ts";
import { getLogger } from "../log.ts";
import { getMetrics } from "../metrics.ts";
import { getRuntime, type Runtime } from "../runtime.ts";
import { findUnstorable } from "../storable.ts";
import { assertCsrf, assertSameOrigin, authenticateRequest } from "./authenticate.ts";
import { isAllowedHost, misdirectedProblem } from "../allowed-hosts.mjs";
import { readBodyText, readJsonBody } from "./body.ts";
import { isMutating, type Operation } from "../define-operation.ts";
import { problemResponse, toProblem } from "./problem.ts";
import { endWhenDisallowed } from "./stream-guard.ts";
import { clientIp } from "./client-address.ts";
import { requestIdFrom } from "./request-context.ts";
import { HSTS, wantsHsts } from "./security-headers.mjs";

type Field<O, K extends string> = O extends { [k in K]: infer S extends z.ZodType } ? z.infer<S> : undefined;

/**
 * What the audit event of a mutation or an audited read says; handlers fill in target and detail. A handler that
 * stored its own audit event, in the transaction of its change, sets `written` on success so that it is not stored
 * twice; an audited read that disclosed nothing sensitive (metadata only) sets `skip` so that none is stored.
 */
export type AuditNote = {
  target?: string;
  detail?: Record<string, unknown>;
  actor?: string;
  actorType?: "user" | "anonymous";
  written?: boolean;
  skip?: boolean;
};

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
  /** The body as text, for operations that take no JSON (the Pushgateway push): same limit and NUL rule as JSON bodies. */
  bodyText: () => Promise<string>;
  audit: AuditNote;
  /** The audit event this request will have with `status` and the note as it is then, for handlers that write it themselves. */
  auditEvent: (status: number, note?: AuditNote) => AuditRecord;
};

function auditEventOf(
  op: Operation,
  principal: Principal | null,
  note: AuditNote,
  status: number,
  requestId: string,
  ip: string,
  failure?: unknown,
): AuditRecord {
  return {
    actor: note.actor ?? actorName(principal),
    actorType: principal ? (principal.via === "token" ? "token" : "user") : (note.actorType ?? "anonymous"),
    action: op.audit ?? "",
    target: note.target ?? null,
    outcome: status < 400 ? "success" : status === 401 || status === 403 ? "denied" : "failure",
    status,
    requestId,
    ip,
    detail: failure instanceof AppError ? { ...note.detail, error: failure.message } : (note.detail ?? null),
  };
}

type NextRouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

/**
 * Refuses input PostgreSQL cannot store (U+0000, lone surrogates) anywhere in params, query or body, before any
 * schema sees it: one rule for every operation instead of a 500 from whichever query first meets it.
 */
function assertStorable(value: unknown, where: string): void {
  const bad = findUnstorable(value);
  if (!bad) return;
  const path = [where, ...bad.path].join(".");
  throw new ValidationError(`invalid ${where}: ${path}: ${bad.message}`, [{ path, message: bad.message }]);
}

function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  assertStorable(value, where);
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const errors = r.error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join("."), message: i.message }));
  throw new ValidationError(`invalid ${where}: ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`, errors);
}

/**
 * Wraps a route handler: request id, authentication, role and token scope, CSRF, input parsing, body limit,
 * audit of mutations, one log line, the duration histogram, and problem+json for every error.
 */
export function route<O extends Operation>(op: O, handler: (ctx: HandlerContext<O>) => Promise<unknown>) {
  return async (req: Request, next: NextRouteContext): Promise<Response> => {
    const started = performance.now();
    const requestId = requestIdFrom(req.headers);
    let ip = "unknown";
    const instance = new URL(req.url).pathname;
    // scripts/serve.mjs refuses a foreign Host before Next.js sees it; this is for `next dev` and `next start`.
    const config = getConfig();
    if (!isAllowedHost(req.headers.get("host"), config.allowedHosts))
      return problemResponse(misdirectedProblem(instance, requestId));
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
        throw new DependencyUnavailableError("database", "the server could not open its database", {
          cause: e,
          retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
        });
      }
      ip = clientIp(req.headers, rt.proxyTrust);
      if (op.role !== "public") {
        principal = await authenticateRequest(rt, req.headers);
        if (!principal) throw new UnauthorizedError("sign in or send an API token");
        if (!hasRole(principal.role, op.role))
          throw new ForbiddenError(`this needs the ${op.role} role; you have ${principal.role}`);
        assertScope(principal, op.scope);
      }
      if (isMutating(req.method)) {
        assertSameOrigin(req.headers, req.url, rt.config.trustedOrigins);
        if (principal) assertCsrf(principal, req.headers);
      }
      const params = op.params ? parseOrThrow(op.params, await next.params, "params") : undefined;
      const query = op.query
        ? parseOrThrow(op.query, Object.fromEntries(new URL(req.url).searchParams), "query")
        : undefined;
      const body = op.body
        ? parseOrThrow(op.body, await readJsonBody(req, rt.config.bodyLimitBytes), "body")
        : undefined;
      const auditEvent = (status: number, note: AuditNote = audit) =>
        auditEventOf(op, principal, note, status, requestId, ip);
      const limit = rt.config.bodyLimitBytes;
      const bodyText = async () => {
        const text = await readBodyText(req, limit);
        assertStorable(text, "body");
        return text;
      };
      const ctx = {
        req,
        rt,
        requestId,
        ip,
        principal,
        query,
        body,
        params,
        bodyText,
        audit,
        auditEvent,
      } as HandlerContext<O>;
      const result = await handler(ctx);
      response = toResponse(result, op.status ?? 200);
      if (principal && isEventStream(response)) response = guardStream(response, rt, req.headers, principal, op);
    } catch (e) {
      failure = e;
      response = problemResponse(toProblem(e, instance, requestId));
    }
    response.headers.set("x-request-id", requestId);
    if (wantsHsts(req.headers, req.url, config.secureCookies === true))
      response.headers.set("strict-transport-security", HSTS);
    const status = response.status;
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    getMetrics().httpDuration.observe(
      { method: req.method, route: op.path, status: String(status) },
      durationMs / 1000,
    );

    if (
      op.audit &&
      rt &&
      (principal || audit.actor) &&
      !((audit.written || audit.skip) && !failure) &&
      isAuditedOutcome(req.method, status)
    ) {
      await recordAuditEvent(rt.db.prisma, auditEventOf(op, principal, audit, status, requestId, ip, failure)).catch(
        (e: unknown) => log.error({ err: e, requestId }, "could not write audit event"),
      );
    }
    const line = { requestId, method: req.method, route: op.path, status, durationMs, actor: actorName(principal) };
    if (failure && !(failure instanceof AppError)) {
      // A database outage is expected (503, toProblem): warn with its cause, once per request, without a stack.
      if (status === 503)
        log.warn({ ...line, problem: "dependency-unavailable", cause: String(failure) }, "database unavailable");
      else log.error({ ...line, err: failure }, "request failed");
    } else if (failure)
      log.warn(
        { ...line, problem: (failure as AppError).type, detail: (failure as AppError).message },
        "request refused",
      );
    else log.info(line, "request");
    return response;
  };
}

function isEventStream(res: Response): boolean {
  return res.body !== null && (res.headers.get("content-type") ?? "").startsWith("text/event-stream");
}

/** A stream re-checks its caller (NEXUS_STREAM_RECHECK_MS): the same user, still signed in, with the role and scope. */
function guardStream(res: Response, rt: Runtime, headers: Headers, principal: Principal, op: Operation): Response {
  return endWhenDisallowed(res, {
    everyMs: rt.config.streamRecheckMs,
    isStillAllowed: async () => {
      const now = await authenticateRequest(rt, headers);
      return (
        now !== null &&
        now.userId === principal.userId &&
        op.role !== "public" &&
        hasRole(now.role, op.role) &&
        missingScope(now, op.scope) === null
      );
    },
  });
}

/**
 * Mutations are audited whatever their outcome. An audited read (one that returns sensitive content, such as
 * dead-letter payloads) is audited when it answered or was refused (403): a 400, 404 or 503 disclosed nothing.
 */
function isAuditedOutcome(method: string, status: number): boolean {
  return isMutating(method) || status < 400 || status === 403;
}

function toResponse(result: unknown, status: number): Response {
  if (result instanceof Response) return result;
  if (result === undefined || status === 204) return new Response(null, { status: 204 });
  return new Response(JSON.stringify(result), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}
