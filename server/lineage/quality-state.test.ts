import { describe, expect, it } from "vitest";
import { gateVerdict, scoreTrend, type DatasetQuality } from "./quality-state.ts";

const at = (s: number) => new Date(Date.UTC(2026, 10, 30, 10, 0, s));
const check = (name: string, status: string, column: string | null = null) => ({ check: name, status, column });

describe("scoreTrend: each check by its own latest result", () => {
  it("keeps a failed check failing when a later result passes another check, and clears it when it passes itself", () => {
    expect(
      scoreTrend([
        { score: 0, checks: [check("accepted_values", "FAILED", "status")], at: at(0) },
        { score: 100, checks: [check("not_null", "PASSED", "id")], at: at(1) },
        { score: 100, checks: [check("unique", "PASSED", "id")], at: at(2) },
        { score: 100, checks: [check("accepted_values", "PASSED", "status")], at: at(3) },
      ]),
    ).toEqual([0, 50, 200 / 3, 100]);
  });

  it("tells checks apart by column, lets a failure win a tie at the same instant, and lets a score-only result stand", () => {
    expect(
      scoreTrend([
        { score: 50, checks: [check("not_null", "PASSED", "id"), check("not_null", "FAILED", "email")], at: at(0) },
        { score: 100, checks: [check("not_null", "PASSED", "email")], at: at(1) },
        { score: 0, checks: [check("not_null", "FAILED", "email")], at: at(1) },
        { score: 96, checks: [], at: at(2) },
      ]),
    ).toEqual([50, 100, 50, 96]);
  });
});

describe("gateVerdict", () => {
  const quality = (checks: DatasetQuality["checks"], score: number): DatasetQuality => ({
    score,
    at: at(5),
    layer: "silver",
    checks,
  });
  it("fails on a check whose latest outcome failed even at min 0, naming it with its column and time", () => {
    const v = gateVerdict(
      quality(
        [{ check: "accepted_values", column: "status", status: "FAILED", message: null, at: at(0).toISOString() }],
        66.7,
      ),
      0,
    );
    expect(v).toEqual({ passed: false, reason: "accepted_values on status failed at 2026-11-30T10:00:00.000Z" });
  });
  it("fails on a score below min, and without any result; passes otherwise", () => {
    expect(gateVerdict(quality([], 75), 80)).toEqual({ passed: false, reason: "score 75.0 is below 80" });
    expect(gateVerdict(undefined, 0)).toEqual({ passed: false, reason: "no quality result recorded" });
    expect(
      gateVerdict(
        quality([{ check: "range", column: null, status: "WARNING", message: null, at: at(0).toISOString() }], 80),
        80,
      ),
    ).toEqual({ passed: true, reason: null });
  });
});
