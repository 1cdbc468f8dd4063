import { describe, expect, it } from "vitest";
import { FAST_ROUTE_KEYS } from "./fast-routes.mjs";
import { allOperations } from "./openapi.ts";

describe("fast routes", () => {
  it("are operations with an exact path that do not stream (scripts/serve.mjs sends them in one write)", () => {
    for (const key of FAST_ROUTE_KEYS) {
      const op = allOperations.find((o) => `${o.method} ${o.path}` === key);
      expect(op, key).toBeDefined();
      expect(op!.path).not.toMatch(/\{/);
      expect(op!.responseType).not.toBe("text/event-stream");
    }
  });
});
