import { describe, expect, it } from "vitest";
import { decodeChunk, encodeChunk, type JournalEntry } from "./journal.ts";

describe("replay journal chunks", () => {
  it("round-trips entries with shared topics and reasons", () => {
    const entries: JournalEntry[] = [
      [0, "12", "sent", "orders", null],
      [2, "9007199254740993", "parked", "parking", "loop guard: already replayed 3 time(s)"],
      [1, "5", "skipped", null, "no original topic in the message: give an override topic"],
      [0, "13", "sent", "orders", null],
    ];
    const stored = encodeChunk(entries);
    expect(stored.topics).toEqual(["orders", "parking"]);
    expect(decodeChunk(JSON.parse(JSON.stringify(stored)))).toEqual(entries);
    expect(decodeChunk(encodeChunk([]))).toEqual([]);
    expect(decodeChunk(null)).toEqual([]);
  });
});
