import { describe, expect, it } from "vitest";
import { claimValues, roleFromClaims } from "./oidc-roles.ts";

const map = { "nexus-admins": "admin", "data-eng": "operator", analysts: "viewer" } as const;

describe("roleFromClaims", () => {
  it("takes the highest role among the mapped groups", () => {
    expect(roleFromClaims({ groups: ["analysts", "data-eng", "other"] }, "groups", map).role).toBe("operator");
    expect(roleFromClaims({ groups: ["nexus-admins", "analysts"] }, "groups", map).role).toBe("admin");
  });

  it("gives no role when no value is mapped, the claim is missing or not strings", () => {
    expect(roleFromClaims({ groups: ["other"] }, "groups", map).role).toBeNull();
    expect(roleFromClaims({}, "groups", map).role).toBeNull();
    expect(roleFromClaims({ groups: [1, { a: 1 }] }, "groups", map).role).toBeNull();
  });

  it("does not map names inherited from Object.prototype", () => {
    expect(roleFromClaims({ groups: ["constructor", "toString"] }, "groups", map).role).toBeNull();
  });

  it("reads a single string claim and a dotted path (Keycloak realm roles)", () => {
    expect(roleFromClaims({ role: "analysts" }, "role", map).role).toBe("viewer");
    expect(claimValues({ realm_access: { roles: ["data-eng"] } }, "realm_access.roles")).toEqual(["data-eng"]);
    expect(roleFromClaims({ realm_access: { roles: ["data-eng"] } }, "realm_access.roles", map).role).toBe("operator");
  });
});
