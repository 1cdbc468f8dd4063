// Docker's streams as our values: multiplexed log frames as lines, stats frames as samples.
import "server-only";
export type LogLine = { stream: "stdout" | "stderr"; at: string; line: string };
export type StatsSample = { cpuPercent: number; memoryBytes: number; memoryLimitBytes: number };

/** Longest log line we pass on; the rest of a longer one is counted, not kept (a hostile container cannot fill memory). */
export const MAX_LOG_LINE = 65_536;
const FRAME_TIME = /^(\d{4}-\d\d-\d\dT[^ \n]+) /;

/**
 * Splits Docker's multiplexed log stream (8-byte frame headers: stream, size) into timestamped lines. With
 * `timestamps`, Docker starts every log message with its time, and it cuts a line longer than 16 KiB into several
 * messages: each piece is stripped of its own time and joined to the line it continues (the line keeps the first).
 */
export function demuxLogFrames(onLine: (l: LogLine) => void) {
  let buf = Buffer.alloc(0);
  const open = { stdout: { at: "", text: "", dropped: 0 }, stderr: { at: "", text: "", dropped: 0 } };
  const emit = (stream: "stdout" | "stderr", text: string) => {
    const p = open[stream];
    for (const piece of text.split(/(?<=\n)/)) {
      let body = piece;
      const time = FRAME_TIME.exec(body);
      if (time) {
        body = body.slice(time[0].length);
        if (!p.text && !p.dropped) p.at = time[1]!;
      }
      const ends = body.endsWith("\n");
      if (ends) body = body.slice(0, -1);
      const room = MAX_LOG_LINE - p.text.length;
      if (body.length > room) {
        p.dropped += body.length - room;
        body = body.slice(0, room);
      }
      p.text += body;
      if (!ends) continue;
      const line = p.text.replace(/\r$/, "") + (p.dropped ? ` … (${p.dropped} more characters not shown)` : "");
      onLine({ stream, at: p.at, line });
      Object.assign(p, { at: "", text: "", dropped: 0 });
    }
  };
  return (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    while (buf.length >= 8) {
      const size = buf.readUInt32BE(4);
      if (buf.length < 8 + size) break;
      emit(buf[0] === 2 ? "stderr" : "stdout", buf.subarray(8, 8 + size).toString("utf8"));
      buf = buf.subarray(8 + size);
    }
  };
}

export type RawStats = {
  cpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number; limit?: number; stats?: { inactive_file?: number; cache?: number } };
};

/** CPU % as `docker stats` computes it, and memory without the page cache. */
export function statsSample(r: RawStats): StatsSample {
  const cpuDelta = (r.cpu_stats?.cpu_usage?.total_usage ?? 0) - (r.precpu_stats?.cpu_usage?.total_usage ?? 0);
  const sysDelta = (r.cpu_stats?.system_cpu_usage ?? 0) - (r.precpu_stats?.system_cpu_usage ?? 0);
  const cpus = r.cpu_stats?.online_cpus ?? 1;
  const mem =
    (r.memory_stats?.usage ?? 0) - (r.memory_stats?.stats?.inactive_file ?? r.memory_stats?.stats?.cache ?? 0);
  return {
    cpuPercent: sysDelta > 0 && cpuDelta > 0 ? Math.round((cpuDelta / sysDelta) * cpus * 1000) / 10 : 0,
    memoryBytes: Math.max(0, mem),
    memoryLimitBytes: r.memory_stats?.limit ?? 0,
  };
}

/** Reads a Node stream until it ends, errors or the signal aborts (then destroys it). */
export function drain(
  stream: NodeJS.ReadableStream & { destroy?: () => void },
  signal: AbortSignal,
  onData: (chunk: Buffer) => void,
): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      stream.destroy?.();
      resolve();
    };
    if (signal.aborted) return stop();
    signal.addEventListener("abort", stop, { once: true });
    stream.on("data", (c: Buffer) => onData(Buffer.isBuffer(c) ? c : Buffer.from(c)));
    stream.on("end", () => resolve());
    stream.on("close", () => resolve());
    stream.on("error", () => resolve());
  });
}
