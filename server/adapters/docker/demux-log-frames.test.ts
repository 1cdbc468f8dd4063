import { describe, expect, it } from "vitest";
import { demuxLogFrames, MAX_LOG_LINE, type LogLine } from "./streams.ts";

const frame = (stream: 1 | 2, text: string) => {
  const body = Buffer.from(text, "utf8");
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
};

function demux(...chunks: Buffer[]): LogLine[] {
  const lines: LogLine[] = [];
  const feed = demuxLogFrames((l) => lines.push(l));
  for (const c of chunks) feed(c);
  return lines;
}

describe("demuxLogFrames", () => {
  it("splits timestamped frames into lines per stream, keeping ANSI codes for the view to render", () => {
    const lines = demux(
      frame(1, "2026-12-01T01:00:00.1Z \u001b[31mred\u001b[0m\n"),
      frame(2, "2026-12-01T01:00:00.2Z oops\r\n"),
    );
    expect(lines).toEqual([
      { stream: "stdout", at: "2026-12-01T01:00:00.1Z", line: "\u001b[31mred\u001b[0m" },
      { stream: "stderr", at: "2026-12-01T01:00:00.2Z", line: "oops" },
    ]);
  });

  it("joins the pieces Docker cuts a long line into, without the continuation's own timestamp", () => {
    const all = Buffer.concat([
      frame(1, `2026-12-01T01:00:00.1Z ${"x".repeat(16_384)}`),
      frame(1, "2026-12-01T01:00:00.2Z yyyEND\n"),
    ]);
    // Delivered in arbitrary chunk sizes, as a socket does.
    const lines = demux(all.subarray(0, 5000), all.subarray(5000, 16_400), all.subarray(16_400));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.at).toBe("2026-12-01T01:00:00.1Z");
    expect(lines[0]!.line).toBe(`${"x".repeat(16_384)}yyyEND`);
  });

  it("keeps at most MAX_LOG_LINE characters of a line and says how many more there were", () => {
    const pieces = Array.from({ length: 6 }, (_, i) =>
      frame(1, `2026-12-01T01:00:0${i}Z ${"z".repeat(16_384)}${i === 5 ? "\n" : ""}`),
    );
    const [line] = demux(...pieces);
    expect(line!.line.startsWith("z".repeat(MAX_LOG_LINE))).toBe(true);
    expect(line!.line.endsWith(` … (${6 * 16_384 - MAX_LOG_LINE} more characters not shown)`)).toBe(true);
  });
});
