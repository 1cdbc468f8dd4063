import "server-only";
import pino, { type Logger } from "pino";

const KEY = Symbol.for("nexus.logger");
type Holder = { [KEY]?: Logger };

function level(): string {
  const l = process.env.LOG_LEVEL;
  return l && ["fatal", "error", "warn", "info", "debug", "trace", "silent"].includes(l) ? l : "info";
}

/** The process-wide structured logger (one JSON line per event). */
export function getLogger(): Logger {
  const g = globalThis as Holder;
  return (g[KEY] ??= pino({
    level: level(),
    base: { app: "nexus" },
    redact: {
      paths: ["password", "*.password", "token", "*.token", "req.headers.authorization", "req.headers.cookie"],
      censor: "[redacted]",
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  }));
}
