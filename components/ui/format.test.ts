import { describe, expect, it } from "vitest";
import { ABSENT, formatNumber, formatRatio, sumKnown } from "./format";

describe("formatNumber", () => {
  it("shows an absent number as a dash, never as zero", () => {
    expect(formatNumber(null)).toBe(ABSENT);
    expect(formatNumber(undefined)).toBe(ABSENT);
    expect(formatNumber(Number.NaN)).toBe(ABSENT);
    expect(formatNumber(null, { unit: "s", digits: 1, compact: true })).toBe("—");
  });

  it("shows a reported zero as 0", () => {
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(0, { digits: 1, unit: "s" })).toBe("0.0 s");
  });

  it("groups thousands, fixes digits and adds the unit", () => {
    expect(formatNumber(12345)).toBe("12,345");
    expect(formatNumber(3.14159, { digits: 1, unit: "s" })).toBe("3.1 s");
  });

  it("shortens large numbers when compact", () => {
    expect(formatNumber(980, { compact: true })).toBe("980");
    expect(formatNumber(11_800, { compact: true })).toBe("11.8k");
    expect(formatNumber(2_500_000, { compact: true })).toBe("2.5M");
  });
});

describe("sumKnown", () => {
  it("is unknown when nothing was reported", () => {
    expect(sumKnown([])).toBeNull();
    expect(sumKnown([null, undefined])).toBeNull();
  });

  it("adds what was reported and skips what was not", () => {
    expect(sumKnown([null, 3, 0, 4])).toBe(7);
    expect(sumKnown([0])).toBe(0);
  });
});

describe("formatRatio", () => {
  it("marks an unknown side", () => {
    expect(formatRatio(2, 3)).toBe("2/3");
    expect(formatRatio(null, 3)).toBe("—/3");
  });
});
