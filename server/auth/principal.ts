import "server-only";
import type { Role, Scope } from "./contract.ts";

/** Who is calling: a browser session or an API token, with the role in force for this request. */
export type Principal = {
  via: "session" | "token";
  userId: string;
  username: string;
  role: Role;
  sessionId?: string;
  csrfHash?: string;
  tokenId?: string;
  tokenName?: string;
  /** A token's scopes; empty or absent: the role's full reach (sessions, unscoped tokens). */
  scopes?: readonly Scope[];
  /** Epoch ms after which the credential is no longer valid. */
  expiresAt?: number;
};

/** How the principal appears in audit events and logs. */
export function actorName(p: Principal | null): string {
  if (!p) return "anonymous";
  return p.via === "token" ? `${p.username} (token ${p.tokenName ?? p.tokenId})` : p.username;
}
