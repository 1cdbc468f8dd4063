import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next.ts";

const ORIGIN = "http://127.0.0.1:3000";

describe("safeNext", () => {
  it("keeps a same-origin path and query, dropping the fragment", () => {
    expect(safeNext("/dlq?topic=dlq_failed_messages#x", ORIGIN)).toBe("/dlq?topic=dlq_failed_messages");
    expect(safeNext("/stack", ORIGIN)).toBe("/stack");
    expect(safeNext(`${ORIGIN}/lineage?a=1`, ORIGIN)).toBe("/lineage?a=1");
  });
  // Issue #14: each of these, as the decoded `next` value, landed on http://evil.example/ in Chromium.
  it.each([
    "/\\evil.example",
    "/%5Cevil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "/\\/evil.example",
    "//evil.example",
    "/./\\evil.example",
    "https://evil.example/x",
    "\\\\evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    "/.//evil.example",
    "/..//evil.example",
    " //evil.example",
  ])("never leaves the origin for %j", (next) => {
    const out = safeNext(next, ORIGIN);
    expect(out.startsWith("/")).toBe(true);
    expect(out.startsWith("//")).toBe(false);
    expect(new URL(out, ORIGIN).origin).toBe(ORIGIN);
    expect(out).not.toMatch(/^\/[\\/]/);
  });
  it("falls back to / when next is absent or not a URL", () => {
    expect(safeNext(null, ORIGIN)).toBe("/");
    expect(safeNext("", ORIGIN)).toBe("/");
    expect(safeNext("http://[", ORIGIN)).toBe("/");
  });
});
