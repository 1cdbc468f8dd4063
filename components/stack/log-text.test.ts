import { describe, expect, it } from "vitest";
import { withoutTerminalControls } from "./log-text";

describe("withoutTerminalControls", () => {
  it("drops OSC 8 links and window titles but keeps their visible text and the colour codes", () => {
    const line =
      "see \u001b]8;;http://evil.example/\u0007click\u001b]8;;\u0007 \u001b]0;title\u001b\\\u001b[31mred\u001b[0m";
    expect(withoutTerminalControls(line)).toBe("see click \u001b[31mred\u001b[0m");
  });
  it("drops other control characters, keeps tabs", () => {
    expect(withoutTerminalControls("a\u0007b\bc\td\u007f")).toBe("abc\td");
  });
});
