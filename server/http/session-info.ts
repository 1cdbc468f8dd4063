import "server-only";
import { getUser, type Principal } from "../auth/index.ts";
import type { SessionInfo } from "../auth/contract.ts";
import type { Db } from "../adapters/db/index.ts";
import { readCookie } from "./request-context.ts";

/** Who is calling: the user with the role of this session or token, and the CSRF token the browser must echo. */
export async function sessionInfo(
  db: Db,
  principal: Principal,
  headers: Headers,
  csrfCookie: string,
): Promise<SessionInfo> {
  return {
    user: { ...(await getUser(db, principal.userId)), role: principal.role },
    csrfToken: principal.via === "session" ? (readCookie(headers, csrfCookie) ?? null) : null,
    via: principal.via,
  };
}
