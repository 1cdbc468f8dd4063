/** A probe that could not reach its service, with the reason in words an operator acts on. */
import "server-only";
export class ProbeFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProbeFailure";
  }
}

/** Why a connection failed, in words: connection refused, timed out, host not found… */
export function describeNetworkError(e: unknown, where: string, timeoutMs: number): string {
  const err = e as {
    name?: string;
    code?: string;
    cause?: { code?: string; name?: string; message?: string };
    message?: string;
  };
  const code = err.cause?.code ?? err.code;
  const name =
    err.name === "AbortError" || err.name === "TimeoutError" || err.cause?.name === "TimeoutError"
      ? "TimeoutError"
      : err.name;
  if (name === "TimeoutError" || code === "UND_ERR_CONNECT_TIMEOUT" || code === "ETIMEDOUT")
    return `timed out after ${timeoutMs} ms (${where})`;
  if (code === "ECONNREFUSED") return `connection refused (${where})`;
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return `connection reset (${where})`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `host not found (${where})`;
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return `host unreachable (${where})`;
  return `${err.cause?.message ?? err.message ?? String(e)} (${where})`;
}
