import type { z } from "zod";

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
};

/** An API error carrying the server's problem+json. */
export class ProblemError extends Error {
  constructor(readonly problem: ProblemBody) {
    super(problem.detail || problem.title);
  }
  get status() {
    return this.problem.status;
  }
}

function csrfToken(): string | undefined {
  if (typeof document === "undefined") return undefined;
  // __Host-nexus_csrf, or nexus_csrf over plain HTTP to localhost (server/http/cookies.ts).
  const m = /(?:^|;\s*)(?:__Host-)?nexus_csrf=([^;]+)/.exec(document.cookie);
  try {
    return m?.[1] ? decodeURIComponent(m[1]) : undefined;
  } catch {
    return undefined; // malformed: the server answers with a clear CSRF problem
  }
}

type FetchOptions = { method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"; body?: unknown; signal?: AbortSignal };

/**
 * Calls the API with the session cookie (and CSRF header on mutations), parses the body with the
 * response contract, and throws ProblemError with the server's problem document on failure.
 */
/**
 * Set while the page signs out: the session ends before the answer arrives, and a query's 401 in between must not
 * send the browser to the sign-in page instead of where sign-out goes (the provider's end-session page).
 */
let leaving = false;

export function setSigningOut(on: boolean): void {
  leaving = on;
}

export async function apiFetch<S extends z.ZodType>(
  url: string,
  schema: S,
  opts: FetchOptions = {},
): Promise<z.infer<S>> {
  const method = opts.method ?? "GET";
  const headers: Record<string, string> = { accept: "application/json" };
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const csrf = method !== "GET" ? csrfToken() : undefined;
  if (csrf) headers["x-csrf-token"] = csrf;
  const res = await fetch(url, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: opts.signal,
    credentials: "same-origin",
  });
  if (!res.ok) {
    let problem: ProblemBody;
    try {
      problem = (await res.json()) as ProblemBody;
    } catch {
      problem = {
        type: "/problems/http",
        title: res.statusText,
        status: res.status,
        detail: `${res.status} ${res.statusText}`,
      };
    }
    if (
      res.status === 401 &&
      !leaving &&
      typeof window !== "undefined" &&
      !url.includes("/auth/login") &&
      window.location.pathname !== "/login"
    ) {
      window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}`);
    }
    throw new ProblemError(problem);
  }
  if (res.status === 204) return schema.parse(undefined);
  return schema.parse(await res.json());
}
