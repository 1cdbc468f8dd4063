import { describe, expect, it } from "vitest";
import { hasRole, lowerRole } from "./roles.ts";
import { digestsEqual, generateApiToken, hashSecret } from "./secrets.ts";

describe("roles", () => {
  it("orders viewer < operator < admin", () => {
    expect(hasRole("admin", "operator")).toBe(true);
    expect(hasRole("operator", "operator")).toBe(true);
    expect(hasRole("viewer", "operator")).toBe(false);
    expect(hasRole("operator", "admin")).toBe(false);
    expect(lowerRole("admin", "viewer")).toBe("viewer");
    expect(lowerRole("operator", "admin")).toBe("operator");
  });
});

describe("secrets", () => {
  it("makes distinct tokens whose hash is what is stored", () => {
    const a = generateApiToken();
    const b = generateApiToken();
    expect(a.token).not.toBe(b.token);
    expect(a.token.startsWith(`${a.prefix}_`)).toBe(true);
    expect(a.hash).toBe(hashSecret(a.token));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(digestsEqual(a.hash, hashSecret(a.token))).toBe(true);
    expect(digestsEqual(a.hash, b.hash)).toBe(false);
    expect(digestsEqual(a.hash, a.hash.slice(1))).toBe(false);
  });
});
