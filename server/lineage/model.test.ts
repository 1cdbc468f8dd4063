import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalHash, canonicalJson } from "./model.ts";

/** The first implementation: JSON.stringify of a copy with sorted keys. Hashes already stored were made with it. */
function copySortedHash(v: unknown): string {
  const canon = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(canon);
    if (x && typeof x === "object")
      return Object.fromEntries(
        Object.keys(x)
          .sort()
          .map((k) => [k, canon((x as Record<string, unknown>)[k])]),
      );
    return x;
  };
  return createHash("sha256")
    .update(JSON.stringify(canon(v)))
    .digest("hex");
}

describe("canonicalJson", () => {
  const samples: unknown[] = [
    null,
    0,
    -1.5e-7,
    "x",
    true,
    [],
    {},
    JSON.parse(
      `{"z":1,"a":[3,{"y":null,"b":"\\u00e9\\"\\n\\u2028"},[]],"é":{"ü":false,"A":1e21},"10":"n","2":"m","":0}`,
    ),
    JSON.parse(
      `{"eventType":"START","run":{"runId":"0b1c","facets":{"q":{"_producer":"p","rows":[1,2,3]}}},"inputs":[{"name":"a","namespace":"n"}]}`,
    ),
  ];
  it("writes what JSON.stringify writes for a key-sorted copy, so stored hashes still match", () => {
    for (const v of samples) expect(canonicalHash(v)).toBe(copySortedHash(v));
  });
  it("is the same text whatever the key order", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { e: 3, f: 2 }] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe(`{"a":2,"b":1}`);
  });
});
