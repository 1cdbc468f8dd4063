import { describe, expect, it } from "vitest";
import type { Principal } from "../auth/index.ts";
import { ForbiddenError, ValidationError } from "../errors.ts";
import { assertMayRemoveVolumes } from "./run-stack-operation.ts";

const as = (role: Principal["role"]): Principal => ({ via: "session", userId: "u", username: role, role });

describe("assertMayRemoveVolumes", () => {
  it("needs the admin role, then the stack's name repeated in confirm", () => {
    expect(() =>
      assertMayRemoveVolumes({ principal: as("operator"), stack: "nexus-local", confirm: "nexus-local" }),
    ).toThrow(ForbiddenError);
    expect(() => assertMayRemoveVolumes({ principal: as("admin"), stack: "nexus-local", confirm: undefined })).toThrow(
      ValidationError,
    );
    expect(() =>
      assertMayRemoveVolumes({ principal: as("admin"), stack: "nexus-local", confirm: "nexus-lite" }),
    ).toThrow(/confirm=nexus-local/);
    expect(() =>
      assertMayRemoveVolumes({ principal: as("admin"), stack: "nexus-local", confirm: "nexus-local" }),
    ).not.toThrow();
  });
});
