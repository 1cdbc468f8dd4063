import { describe, expect, it } from "vitest";
import { findUnstorable, NUL_MESSAGE, storableString, SURROGATE_MESSAGE, toStorableJson } from "./storable.ts";

describe("findUnstorable", () => {
  it("finds nothing in ordinary values, including paired surrogates (emoji)", () => {
    expect(findUnstorable({ a: "x", b: [1, true, null, { c: "😀 é" }] })).toBeNull();
    expect(findUnstorable("plain")).toBeNull();
    expect(findUnstorable(42)).toBeNull();
  });

  it("names the path of a NUL in a nested string, array element or the value itself", () => {
    expect(findUnstorable({ username: "ad\u0000min" })).toEqual({ path: ["username"], message: NUL_MESSAGE });
    expect(findUnstorable({ checks: [{ check: "ok" }, { check: "x\u0000" }] })).toEqual({
      path: ["checks", "1", "check"],
      message: NUL_MESSAGE,
    });
    expect(findUnstorable("\u0000")).toEqual({ path: [], message: NUL_MESSAGE });
    expect(findUnstorable({ path: ["a", "b\u0000"] })).toEqual({ path: ["path", "1"], message: NUL_MESSAGE });
  });

  it("names a key holding a NUL, escaped", () => {
    expect(findUnstorable({ meta: { "k\u0000y": 1 } })).toEqual({ path: ["meta", "k\\u0000y"], message: NUL_MESSAGE });
  });

  it("finds lone surrogates, high or low", () => {
    expect(findUnstorable({ a: "x\uD800" })).toEqual({ path: ["a"], message: SURROGATE_MESSAGE });
    expect(findUnstorable({ a: "\uDC00x" })).toEqual({ path: ["a"], message: SURROGATE_MESSAGE });
  });
});

describe("toStorableJson", () => {
  it("escapes NUL and replaces lone surrogates in values and keys, and keeps everything else", () => {
    const text = toStorableJson({ "k\u0000": ["a\u0000b", "\uD800", "😀"], n: 1, literal: "\\u0000" });
    expect(JSON.parse(text)).toEqual({ "k\\u0000": ["a\\u0000b", "\uFFFD", "😀"], n: 1, literal: "\\u0000" });
    expect(text).not.toMatch(/\\ud[89a-f]/i);
  });

  it("is JSON.stringify for storable values", () => {
    const v = { a: [1, "b", { c: null }], d: "é" };
    expect(toStorableJson(v)).toBe(JSON.stringify(v));
    expect(storableString("fine")).toBe("fine");
  });
});
