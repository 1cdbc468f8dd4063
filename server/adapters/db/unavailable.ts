/**
 * Whether an error thrown by Prisma (through @prisma/adapter-pg or PGlite) or by node-postgres means that the
 * database cannot be reached right now, as opposed to a bad query: such failures are a retryable 503
 * "database unavailable", not a 500 (server/http/problem.ts). The pool reconnects by itself once the server is back.
 * Pure (no I/O) so that it is unit-tested with the shapes those libraries throw.
 */
import "server-only";
import { DependencyUnavailableError } from "../../errors.ts";

/** Seconds a client should wait before retrying when the database cannot be reached. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The 503 for a database that cannot be reached: no driver text (it names hosts and ports), a Retry-After. */
export function databaseUnavailable(cause: unknown): DependencyUnavailableError {
  return new DependencyUnavailableError("database", "it does not answer; retry shortly", {
    cause,
    retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
  });
}

/** Prisma's codes: can't reach (P1001), timed out (P1002, P1008), server closed the connection (P1017), pool timeout (P2024). */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** Node socket errors while connecting or talking to the server. */
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
/** SQLSTATE: connection exceptions (class 08), server shutting down or starting (57P01–57P03), too many connections (53300). */
const SQLSTATE = /^(08[0-9A-Z]{3}|57P0[1-3]|53300)$/;
/** Driver adapter error kinds (Prisma 7) for the same conditions. */
const ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "DatabaseDoesNotExist",
]);
/** node-postgres says these in words only (no code). */
const MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Can't reach database server/i,
  /Server has closed the connection/i,
  /terminating connection due to administrator command/i,
  /the database system is (shutting down|starting up|in recovery mode)/i,
  /connect ECONNREFUSED/i,
  /Timed out fetching a new connection/i,
];

type Shape = {
  code?: unknown;
  errorCode?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: unknown;
  errors?: unknown;
};

function matchesOne(e: Shape): boolean {
  for (const code of [e.code, e.errorCode]) {
    if (typeof code !== "string") continue;
    if (PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || SQLSTATE.test(code)) return true;
  }
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  return typeof e.message === "string" && MESSAGES.some((m) => m.test(e.message as string));
}

export function isDatabaseUnavailable(err: unknown): boolean {
  const queue: unknown[] = [err];
  for (let i = 0; i < queue.length && i < 20; i++) {
    const e = queue[i];
    if (typeof e !== "object" || e === null) continue;
    const s = e as Shape;
    if (matchesOne(s)) return true;
    queue.push(s.cause);
    // Prisma keeps the driver adapter's error under meta.driverAdapterError; AggregateError (connect to v4 and v6) under errors.
    if (typeof s.meta === "object" && s.meta !== null)
      queue.push((s.meta as { driverAdapterError?: unknown }).driverAdapterError);
    if (Array.isArray(s.errors)) queue.push(...(s.errors as unknown[]));
  }
  return false;
}
