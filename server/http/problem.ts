import "server-only";
import { databaseUnavailable, isDatabaseUnavailable } from "../adapters/db/index.ts";
import { AppError } from "../errors.ts";

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  [extension: string]: unknown;
};

/**
 * Maps any thrown value to a problem document. A database connection failure (from any route, whichever query met
 * it) is a retryable 503; other non-AppErrors become a generic 500: details stay in the log.
 */
export function toProblem(err: unknown, instance: string, requestId: string): Problem {
  if (!(err instanceof AppError) && isDatabaseUnavailable(err)) err = databaseUnavailable(err);
  if (err instanceof AppError) {
    return {
      type: `/problems/${err.type}`,
      title: err.title,
      status: err.status,
      detail: err.message,
      instance,
      requestId,
      ...err.extensions(),
    };
  }
  return {
    type: "/problems/internal-error",
    title: "Internal error",
    status: 500,
    detail: `An unexpected error occurred; quote request id ${requestId} when reporting it.`,
    instance,
    requestId,
  };
}

/** The problem as a response; `retryAfterSeconds` (rate limits, a dependency expected back) becomes Retry-After. */
export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  const retry =
    typeof problem.retryAfterSeconds === "number"
      ? { "retry-after": String(Math.ceil(problem.retryAfterSeconds)) }
      : undefined;
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: {
      "content-type": "application/problem+json",
      "x-request-id": problem.requestId,
      "cache-control": "no-store",
      ...retry,
      ...headers,
    },
  });
}
