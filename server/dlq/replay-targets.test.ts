import { describe, expect, it } from "vitest";
import { parkingRefusal, targetRefusal, type TargetRules } from "./replay-targets.ts";

const rules = (over: Partial<TargetRules> = {}): TargetRules => ({
  dlqTopicPattern: "^(dlq|DLQ)([._-].*)?$|[._-](dlq|DLQ|dlt|DLT)$",
  replayTargetPattern: null,
  mappedDlqTopics: new Set(["legacy-errors"]),
  verdicts: new Map(),
  ...over,
});

describe("replay target rules", () => {
  it("allows an ordinary topic when no target pattern is set", () => {
    expect(targetRefusal("orders", rules())).toBeNull();
  });

  it("refuses internal topics, whatever the patterns say", () => {
    for (const t of ["__consumer_offsets", "_schemas", "_orders.dlq"]) {
      expect(targetRefusal(t, rules({ replayTargetPattern: ".*" }))).toMatch(/internal topic/);
      expect(parkingRefusal(t, rules())).toMatch(/internal topic/);
    }
  });

  it("refuses dead-letter topics as targets (seed, pattern, mapping) but takes them for parking", () => {
    for (const t of ["dlq_failed_messages", "orders.dlq", "legacy-errors"]) {
      expect(targetRefusal(t, rules())).toBe(
        `${t} is a dead-letter topic: replays go to dead-letter topics only as their parking topic`,
      );
      expect(parkingRefusal(t, rules({ replayTargetPattern: "^orders$" }))).toBeNull();
    }
  });

  it("applies NEXUS_REPLAY_TARGET_PATTERN to targets and to a parking topic that is not a dead-letter topic", () => {
    const r = rules({ replayTargetPattern: "^(orders|payments)$" });
    expect(targetRefusal("orders", r)).toBeNull();
    expect(targetRefusal("billing", r)).toBe(
      "billing does not match NEXUS_REPLAY_TARGET_PATTERN (^(orders|payments)$)",
    );
    expect(parkingRefusal("billing", r)).toMatch(/NEXUS_REPLAY_TARGET_PATTERN/);
  });
});
