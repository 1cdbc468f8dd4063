import { describe, expect, it } from "vitest";
import { MissingScopeError } from "../errors.ts";
import { defineOperation } from "../define-operation.ts";
import { allOperations } from "../openapi.ts";
import { Scope, SCOPES } from "./contract.ts";
import { assertScope, missingScope, scopeBeyondCreator } from "./scopes.ts";

describe("token scopes", () => {
  it("lets sessions and unscoped tokens through whatever the operation's scope", () => {
    expect(missingScope({}, "dlq:replay")).toBeNull();
    expect(missingScope({ scopes: [] }, "tokens:write")).toBeNull();
  });

  it("lets a scoped token use an operation that needs one of its scopes", () => {
    expect(missingScope({ scopes: ["lineage:write", "quality:read"] }, "quality:read")).toBeNull();
  });

  it("names the scope a scoped token lacks", () => {
    expect(missingScope({ scopes: ["quality:read"] }, "quality:write")).toBe("quality:write");
    expect(() => assertScope({ scopes: ["quality:read"] }, "dlq:replay")).toThrow(MissingScopeError);
    try {
      assertScope({ scopes: ["quality:read"] }, "dlq:replay");
    } catch (e) {
      expect((e as MissingScopeError).status).toBe(403);
      expect((e as MissingScopeError).message).toContain("dlq:replay");
      expect((e as MissingScopeError).extensions()).toEqual({
        requiredScope: "dlq:replay",
        tokenScopes: ["quality:read"],
      });
    }
  });

  it("opens operations that need no scope to every scoped token", () => {
    expect(missingScope({ scopes: ["quality:read"] }, null)).toBeNull();
  });

  it("does not let a write scope stand in for the read scope", () => {
    expect(missingScope({ scopes: ["dlq:replay"] }, "dlq:read")).toBe("dlq:read");
  });

  it("lets a scoped token hand on only scopes it holds, never an unscoped token", () => {
    expect(scopeBeyondCreator({}, [])).toBeNull();
    expect(scopeBeyondCreator({ scopes: ["tokens:write", "lineage:write"] }, ["lineage:write"])).toBeNull();
    expect(scopeBeyondCreator({ scopes: ["tokens:write"] }, ["dlq:replay"])).toBe("dlq:replay");
    expect(scopeBeyondCreator({ scopes: ["tokens:write"] }, [])).toBe("unscoped");
  });
});

describe("scope declarations", () => {
  it("gives every non-public operation a scope from the vocabulary, or null", () => {
    for (const op of allOperations.filter((o) => o.role !== "public")) {
      expect(op.scope, `${op.method} ${op.path}`).not.toBeUndefined();
      if (op.scope !== null) expect(Scope.options).toContain(op.scope);
    }
  });

  it("uses every scope of the vocabulary on some operation, each with a description", () => {
    const used = new Set(allOperations.map((o) => o.scope));
    for (const scope of Scope.options) {
      expect(used.has(scope), scope).toBe(true);
      expect(SCOPES[scope].length).toBeGreaterThan(5);
    }
  });

  it("refuses to declare an authenticated operation without a scope", () => {
    expect(() => defineOperation({ method: "GET", path: "/api/v1/x", summary: "x", tag: "x", role: "viewer" })).toThrow(
      /names no scope/,
    );
  });

  it("keeps write scopes off reads: a GET never needs a write scope", () => {
    for (const op of allOperations.filter((o) => o.method === "GET" && o.scope))
      expect(op.scope, `${op.method} ${op.path}`).toMatch(/:read$/);
  });
});
