import "server-only";
import { MissingScopeError } from "../errors.ts";
import type { Scope } from "./contract.ts";
import type { Principal } from "./principal.ts";

/**
 * The scope `principal` lacks for an operation that needs `required`, or null when it may go on. Sessions and
 * unscoped tokens (empty `scopes`) lack nothing; a scoped token lacks `required` unless it holds it. Operations
 * that need no scope (`null`: who am I, the API document) are open to every token. The role is checked apart:
 * holding a scope never stands in for the role.
 */
export function missingScope(principal: Pick<Principal, "scopes">, required: Scope | null | undefined): Scope | null {
  if (!required) return null;
  const held = principal.scopes ?? [];
  if (held.length === 0) return null;
  return held.includes(required) ? null : required;
}

/** Throws the 403 naming the scope when `principal` is a scoped token without the one `required`. */
export function assertScope(principal: Pick<Principal, "scopes">, required: Scope | null | undefined): void {
  const missing = missingScope(principal, required);
  if (missing) throw new MissingScopeError(missing, principal.scopes ?? []);
}

/**
 * The scopes a new token may have when `creator` makes it: a scoped token can only hand on scopes it holds, and
 * cannot make an unscoped token (that would be its whole role's reach). Returns the scope it lacks, or null.
 */
export function scopeBeyondCreator(
  creator: Pick<Principal, "scopes">,
  requested: readonly Scope[],
): Scope | "unscoped" | null {
  const held = creator.scopes ?? [];
  if (held.length === 0) return null;
  if (requested.length === 0) return "unscoped";
  return requested.find((s) => !held.includes(s)) ?? null;
}
