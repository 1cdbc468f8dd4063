import { describe, expect, it } from "vitest";
import { interpolateDocument, interpolateString } from "./interpolate.ts";

const env = { TAG: "1.2", EMPTY: "", HOST: "127.0.0.1", PORT: "9092" };

describe("interpolateString", () => {
  it.each([
    ["plain", "plain"],
    ["img:${TAG}", "img:1.2"],
    ["img:$TAG-x", "img:1.2-x"],
    ["${MISSING}", ""],
    ["${MISSING:-def}", "def"],
    ["${EMPTY:-def}", "def"],
    ["${EMPTY-def}", ""],
    ["${MISSING-def}", "def"],
    ["${TAG:+set}", "set"],
    ["${EMPTY:+set}", ""],
    ["${EMPTY+set}", "set"],
    ["${MISSING:-${HOST}:${PORT}}", "127.0.0.1:9092"],
    ["cost $$5 and $${TAG}", "cost $5 and ${TAG}"],
    ["a $ b", "a $ b"],
  ])("%s → %s", (input, expected) => {
    expect(interpolateString(input, env)).toBe(expected);
  });

  it("stops on a required variable, with its message", () => {
    expect(() => interpolateString("${SECRET:?set SECRET in .env}", env, "services.db.environment.PASSWORD")).toThrow(
      "services.db.environment.PASSWORD: required variable SECRET is missing: set SECRET in .env",
    );
    expect(() => interpolateString("${EMPTY:?}", env)).toThrow(/EMPTY is empty/);
    expect(interpolateString("${EMPTY?must be set}", env)).toBe("");
  });

  it("rejects malformed expressions", () => {
    expect(() => interpolateString("${TAG", env)).toThrow(/unterminated/);
    expect(() => interpolateString("${1BAD}", env)).toThrow(/invalid interpolation/);
    expect(() => interpolateString("${TAG/x}", env)).toThrow(/invalid interpolation/);
  });
});

describe("interpolateDocument", () => {
  it("interpolates values, not keys, and reports every problem with its path", () => {
    const doc = { services: { "${TAG}": { image: "k:${TAG}", ports: ["${PORT}:${PORT}"], environment: { A: "${X:?x}", B: "${Y:?y}" } } } };
    const { value, problems } = interpolateDocument(doc, env);
    expect(value).toEqual({ services: { "${TAG}": { image: "k:1.2", ports: ["9092:9092"], environment: { A: "${X:?x}", B: "${Y:?y}" } } } });
    expect(problems.map((p) => p.path)).toEqual(["services.${TAG}.environment.A", "services.${TAG}.environment.B"]);
  });
});
