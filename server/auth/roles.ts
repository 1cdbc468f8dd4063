import type { Role } from "./contract.ts";

const RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

/** True when `actual` is at least `required` (viewer < operator < admin). */
export function hasRole(actual: Role, required: Role): boolean {
  return RANK[actual] >= RANK[required];
}

/** A token never grants more than its owner has. */
export function lowerRole(a: Role, b: Role): Role {
  return RANK[a] <= RANK[b] ? a : b;
}
