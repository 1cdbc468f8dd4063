import { describe, expect, it } from "vitest";
import {
  InterpolationLimitError,
  interpolateDocument,
  interpolateString,
  MAX_INTERPOLATION_DEPTH,
} from "./interpolate.ts";

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

  it("evaluates a default, replacement or error message only when it is used", () => {
    expect(interpolateString("${TAG:-${NOPE:?never asked}}", env)).toBe("1.2");
    expect(interpolateString("${MISSING:+${NOPE:?never asked}}", env)).toBe("");
    expect(() => interpolateString("${MISSING:?${HOST} is needed}", env)).toThrow(
      "required variable MISSING is missing: 127.0.0.1 is needed",
    );
  });

  it(`nests up to ${MAX_INTERPOLATION_DEPTH} levels and refuses the next, naming the path`, () => {
    const nested = (depth: number) => `${"${MISSING:-".repeat(depth)}x${"}".repeat(depth)}`;
    expect(interpolateString(nested(MAX_INTERPOLATION_DEPTH), env)).toBe("x");
    expect(() => interpolateString(nested(MAX_INTERPOLATION_DEPTH + 1), env, "services.a.image")).toThrow(
      InterpolationLimitError,
    );
    expect(() => interpolateString(nested(MAX_INTERPOLATION_DEPTH + 1), env, "services.a.image")).toThrow(
      "services.a.image: interpolation nested deeper than 10 levels",
    );
  });

  it("refuses 170,000 levels (1 MB) at once, without overflowing the stack", () => {
    const bomb = `${"${a:-".repeat(170_000)}x${"}".repeat(170_000)}`;
    const started = performance.now();
    expect(() => interpolateString(bomb, env)).toThrow(InterpolationLimitError);
    const unterminated = "${a:-".repeat(170_000);
    expect(() => interpolateString(unterminated, env)).toThrow(InterpolationLimitError);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it("takes linear time on long values and quotes them briefly in errors", () => {
    const many = "$TAG ".repeat(200_000);
    const started = performance.now();
    expect(interpolateString(many, env)).toBe("1.2 ".repeat(200_000));
    expect(performance.now() - started).toBeLessThan(500);
    const error = (() => {
      try {
        interpolateString(`\${TAG ${"x".repeat(1_000_000)}`, env);
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(error).toMatch(/^: unterminated "\$\{" in "\$\{TAG x+…"$/);
    expect(error!.length).toBeLessThan(200);
  });
});

describe("interpolateDocument", () => {
  it("interpolates values, not keys, and reports every problem with its path", () => {
    const doc = {
      services: {
        "${TAG}": { image: "k:${TAG}", ports: ["${PORT}:${PORT}"], environment: { A: "${X:?x}", B: "${Y:?y}" } },
      },
    };
    const { value, problems } = interpolateDocument(doc, env);
    expect(value).toEqual({
      services: { "${TAG}": { image: "k:1.2", ports: ["9092:9092"], environment: { A: "${X:?x}", B: "${Y:?y}" } } },
    });
    expect(problems.map((p) => p.path)).toEqual(["services.${TAG}.environment.A", "services.${TAG}.environment.B"]);
  });
});
