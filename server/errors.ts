const BRAND = Symbol.for("nexus.AppError");

/** Typed domain errors. Each maps to application/problem+json with a stable `type` slug (server/http/problem.ts). */
import "server-only";
export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly type: string;
  readonly title: string = "Error";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    (this as unknown as Record<symbol, boolean>)[BRAND] = true;
  }
  /**
   * Next.js bundles this module separately for instrumentation (where the runtime and its adapters are built)
   * and for each route: an error thrown by the runtime's adapters is another copy's AppError. `x instanceof
   * AppError` recognises every copy by its brand; subclasses keep the ordinary check.
   */
  static [Symbol.hasInstance](x: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, x)) return true;
    return (
      Object.hasOwn(this, BRAND) &&
      typeof x === "object" &&
      x !== null &&
      (x as Record<symbol, unknown>)[BRAND] === true
    );
  }
  /** Extra members for the problem document. */
  extensions(): Record<string, unknown> {
    return {};
  }
}
Object.defineProperty(AppError, BRAND, { value: true });

export type FieldProblem = { path: string; message: string };

export class ValidationError extends AppError {
  readonly status = 400;
  readonly type = "validation-failed";
  override readonly title = "Validation failed";
  constructor(
    message: string,
    readonly errors: FieldProblem[] = [],
  ) {
    super(message);
  }
  override extensions() {
    return { errors: this.errors };
  }
}

export class MalformedBodyError extends AppError {
  readonly status = 400;
  readonly type = "malformed-body";
  override readonly title = "Malformed request body";
}

export class UnauthorizedError extends AppError {
  readonly status = 401;
  readonly type = "unauthorized";
  override readonly title = "Authentication required";
}

export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly type = "forbidden";
  override readonly title = "Forbidden";
}

/** An API token limited to scopes used outside them: the problem names the scope it would need. */
export class MissingScopeError extends AppError {
  readonly status = 403;
  readonly type = "missing-scope";
  override readonly title = "Missing scope";
  constructor(
    readonly requiredScope: string,
    readonly tokenScopes: readonly string[],
  ) {
    super(`this needs the ${requiredScope} scope; this token is limited to ${tokenScopes.join(", ")}`);
  }
  override extensions() {
    return { requiredScope: this.requiredScope, tokenScopes: this.tokenScopes };
  }
}

export class CsrfError extends AppError {
  readonly status = 403;
  readonly type = "csrf-failed";
  override readonly title = "CSRF check failed";
}

export class NotFoundError extends AppError {
  readonly status = 404;
  readonly type = "not-found";
  override readonly title = "Not found";
}

export class ConflictError extends AppError {
  readonly status = 409;
  readonly type = "conflict";
  override readonly title = "Conflict";
}

export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly type = "payload-too-large";
  override readonly title = "Payload too large";
}

export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly type = "unsupported-media-type";
  override readonly title = "Unsupported media type";
}

export class RateLimitedError extends AppError {
  readonly status = 429;
  readonly type = "rate-limited";
  override readonly title = "Too many requests";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
  override extensions() {
    return { retryAfterSeconds: this.retryAfterSeconds };
  }
}

/** Kafka, Docker or the database is down or too slow. */
export class DependencyUnavailableError extends AppError {
  readonly status = 503;
  readonly type = "dependency-unavailable";
  override readonly title = "Dependency unavailable";
  /** When set, the problem carries it and the response a Retry-After header: the outage is expected to pass by itself. */
  readonly retryAfterSeconds?: number;
  constructor(
    readonly dependency: string,
    detail?: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(detail ? `${dependency} is unavailable: ${detail}` : `${dependency} is unavailable`, options);
    if (options?.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
  override extensions() {
    return {
      dependency: this.dependency,
      ...(this.retryAfterSeconds !== undefined && { retryAfterSeconds: this.retryAfterSeconds }),
    };
  }
}

/** A stack operation ran and failed (a service did not start, became unhealthy, exited non-zero). */
export class OperationFailedError extends AppError {
  readonly status = 502;
  readonly type = "operation-failed";
  override readonly title = "Operation failed";
  constructor(
    message: string,
    readonly detail: Record<string, unknown>,
  ) {
    super(message);
  }
  override extensions() {
    return this.detail;
  }
}

/** Why an OpenID Connect sign-in was refused; the sign-in page words each one (app/login). */
export type SignInRefusal = "state" | "token" | "provider" | "no-role" | "disabled" | "conflict" | "last-admin";

/** An OpenID Connect sign-in refused by our checks or by the provider: the browser goes back with `reason`. */
export class SignInRefusedError extends AppError {
  readonly status = 403;
  readonly type = "sign-in-refused";
  override readonly title = "Sign-in refused";
  constructor(
    readonly reason: SignInRefusal,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
  override extensions() {
    return { reason: this.reason };
  }
}

/**
 * The reason of a SignInRefusedError, from any bundle's copy of this module: the adapter that throws it is built in
 * the runtime's bundle, the route that catches it in its own, and subclasses keep the ordinary `instanceof`.
 */
export function signInRefusalOf(e: unknown): SignInRefusal | null {
  return e instanceof AppError && e.type === "sign-in-refused" ? (e as SignInRefusedError).reason : null;
}

/** A DependencyUnavailableError from any bundle's copy of this module. */
export function isDependencyUnavailable(e: unknown): e is AppError {
  return e instanceof AppError && e.type === "dependency-unavailable";
}
