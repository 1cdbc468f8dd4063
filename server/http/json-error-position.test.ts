import { describe, expect, it } from "vitest";
import { jsonErrorOffset, jsonErrorPosition } from "./json-error-position.ts";

describe("jsonErrorOffset", () => {
  it("accepts what JSON.parse accepts", () => {
    for (const t of [
      '{"a":[1,-2.5e3,true,false,null,"x\\u00e9\\n"],"b":{}}',
      " [] ",
      '"s"',
      "0",
      '[[],{},[{"a":{}}]]',
    ]) {
      expect(jsonErrorOffset(t), t).toBe(-1);
      expect(() => JSON.parse(t)).not.toThrow();
    }
  });
  it("finds the first character that cannot continue the text", () => {
    expect(jsonErrorOffset('{"password":hunter2secret}')).toBe(12);
    expect(jsonErrorOffset('{"password":"hunter2secret"')).toBe(27);
    expect(jsonErrorOffset('{"password":"hunter2secret"}}')).toBe(28);
    expect(jsonErrorOffset('{"p":"a\\qsecret"}')).toBe(8);
    expect(jsonErrorOffset('{"p":"secret",}')).toBe(14);
    expect(jsonErrorOffset("[1,2,secret]")).toBe(5);
    expect(jsonErrorOffset('{"p":01}')).toBe(6);
    expect(jsonErrorOffset('{"p" 1}')).toBe(5);
    expect(jsonErrorOffset("[1 2]")).toBe(3);
    expect(jsonErrorOffset("{nope")).toBe(1);
    expect(jsonErrorOffset("[".repeat(200_000))).toBe(200_000);
  });
  it("gives line and column from 1", () => {
    expect(jsonErrorPosition('{\n  "a": 1,\n  "p": secret\n}')).toEqual({ offset: 19, line: 3, column: 8 });
    expect(jsonErrorPosition("[]")).toBeNull();
  });
});
