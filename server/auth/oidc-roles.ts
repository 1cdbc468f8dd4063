import "server-only";
import { hasRole, type Role } from "./contract.ts";

/**
 * The claim at a dotted path (`groups`, or Keycloak's `realm_access.roles`) as a list of strings: a string claim is
 * one value, an array keeps its strings, anything else is none.
 */
export function claimValues(claims: Record<string, unknown>, path: string): string[] {
  let at: unknown = claims;
  for (const key of path.split(".")) {
    if (typeof at !== "object" || at === null || Array.isArray(at)) return [];
    at = (at as Record<string, unknown>)[key];
  }
  if (typeof at === "string") return [at];
  if (Array.isArray(at)) return at.filter((v): v is string => typeof v === "string");
  return [];
}

/** The highest role any of the claim's values maps to, or null: no mapped value, no access. */
export function roleFromClaims(
  claims: Record<string, unknown>,
  roleClaim: string,
  roleMap: Record<string, Role>,
): { role: Role | null; values: string[] } {
  const values = claimValues(claims, roleClaim);
  let role: Role | null = null;
  for (const v of values) {
    const mapped = Object.hasOwn(roleMap, v) ? roleMap[v] : undefined;
    if (mapped && (!role || !hasRole(role, mapped))) role = mapped;
  }
  return { role, values };
}
