import { describe, expect, it } from "vitest";
import { retryDelayMs } from "./backoff.ts";

describe("retryDelayMs", () => {
  it("doubles from 2 s and caps at 5 min, within ±20 % jitter", () => {
    expect(retryDelayMs(1, () => 0.5)).toBe(2000);
    expect(retryDelayMs(2, () => 0.5)).toBe(4000);
    expect(retryDelayMs(4, () => 0.5)).toBe(16000);
    expect(retryDelayMs(30, () => 0.5)).toBe(300000);
    expect(retryDelayMs(1, () => 0)).toBe(1600);
    expect(retryDelayMs(1, () => 0.999999)).toBe(2400);
  });
});
