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

/** Maps any thrown value to a problem document. Non-AppErrors become a generic 500: details stay in the log. */
export function toProblem(err: unknown, instance: string, requestId: string): Problem {
  if (err instanceof AppError) {
    return { type: `/problems/${err.type}`, title: err.title, status: err.status, detail: err.message, instance, requestId, ...err.extensions() };
  }
  return {
    type: "/problems/internal-error", title: "Internal error", status: 500,
    detail: `An unexpected error occurred; quote request id ${requestId} when reporting it.`, instance, requestId,
  };
}

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { "content-type": "application/problem+json", "x-request-id": problem.requestId, "cache-control": "no-store", ...headers },
  });
}
