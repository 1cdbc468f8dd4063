import { describe, expect, it } from "vitest";
import { redact } from "./redact.ts";

describe("probe targets", () => {
  it("redacts passwords in URLs", () => {
    expect(redact("postgres://user:s3cr3t@db:5432/x")).toBe("postgres://user:***@db:5432/x");
    expect(redact("http://h:9000/x")).toBe("http://h:9000/x");
  });
});
