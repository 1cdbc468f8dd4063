"use client";
import {
  Area,
  AreaChart,
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Scatter,
  ComposedChart,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { HealthHistory, SeriesResult } from "@/server/health/contract";
import { STATUS_COLOUR } from "./status";

const axis = { fontSize: 11, fill: "currentColor" };
const hhmm = (iso: string | number) =>
  new Date(iso).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
const hhmmss = (iso: string | number) => new Date(iso).toLocaleTimeString("en-GB");

/**
 * A time x-axis whose labels differ: probes run every few seconds, so a short window labelled by minute alone
 * repeated "10:41" along the axis. Short windows get seconds, and ticks that would read the same are dropped.
 */
function timeAxis(times: number[]) {
  const min = times.length ? Math.min(...times) : Date.now(),
    max = times.length ? Math.max(...times) : min;
  const format = max - min < 15 * 60_000 ? hhmmss : hhmm;
  const ticks: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = min + ((max - min) * i) / 4;
    if (!ticks.some((x) => format(x) === format(t))) ticks.push(t);
  }
  return {
    type: "number" as const,
    scale: "time" as const,
    domain: [min, max],
    ticks,
    tickFormatter: format,
    interval: 0 as const,
  };
}
const PALETTE = ["#6366f1", "#0ea5e9", "#16a34a", "#d97706", "#db2777", "#7c3aed", "#0d9488", "#dc2626"];

/** Services up, degraded and down per probe cycle. */
export function PlatformTrend({ cycles }: { cycles: HealthHistory["cycles"] }) {
  const data = cycles.map((c) => ({ t: Date.parse(c.checkedAt), up: c.up, degraded: c.degraded, down: c.down }));
  return (
    <div
      className="h-44 text-zinc-500"
      role="img"
      aria-label={`Services over time; latest ${cycles.at(-1)?.up ?? 0} up, ${cycles.at(-1)?.down ?? 0} down`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ top: 8, right: 28, bottom: 0, left: -24 }}>
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
          <XAxis dataKey="t" tick={axis} {...timeAxis(data.map((d) => d.t))} />
          <YAxis tick={axis} allowDecimals={false} />
          <Tooltip contentStyle={{ fontSize: 12 }} labelFormatter={(v) => hhmmss(Number(v))} />
          {(["up", "degraded", "down"] as const).map((k) => (
            <Area
              key={k}
              type="stepAfter"
              dataKey={k}
              stackId="s"
              stroke={STATUS_COLOUR[k]}
              fill={STATUS_COLOUR[k]}
              fillOpacity={0.35}
              isAnimationActive={false}
            />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Messages held in the DLQ topics over time. */
export function DlqTrend({ cycles }: { cycles: HealthHistory["cycles"] }) {
  const data = cycles
    .filter((c) => c.dlqMessages !== null)
    .map((c) => ({ t: Date.parse(c.checkedAt), messages: Math.round(c.dlqMessages!) }));
  if (!data.length)
    return <p className="py-6 text-center text-sm text-zinc-500">No DLQ sizes recorded in this window.</p>;
  return (
    <div
      className="h-32 text-zinc-500"
      role="img"
      aria-label={`DLQ messages over time, latest ${data.at(-1)?.messages}`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ top: 8, right: 28, bottom: 0, left: -8 }}>
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
          <XAxis dataKey="t" tick={axis} {...timeAxis(data.map((d) => d.t))} />
          <YAxis tick={axis} allowDecimals={false} />
          <Tooltip contentStyle={{ fontSize: 12 }} labelFormatter={(v) => hhmmss(Number(v))} />
          <Area
            type="monotone"
            dataKey="messages"
            stroke="#dc2626"
            fill="#dc2626"
            fillOpacity={0.15}
            isAnimationActive={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}

/** One service's probe latency, each point coloured by the status found. */
export function ServiceTimeline({ points }: { points: HealthHistory["points"] }) {
  const data = points.map((p) => ({ t: new Date(p.checkedAt).getTime(), ms: p.latencyMs, status: p.status }));
  return (
    <div className="h-40 text-zinc-500" role="img" aria-label={`Probe latency and status, ${points.length} probes`}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 28, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
          <XAxis dataKey="t" tick={axis} {...timeAxis(data.map((d) => d.t))} />
          <YAxis tick={axis} unit="ms" />
          <Tooltip
            contentStyle={{ fontSize: 12 }}
            labelFormatter={(v) => new Date(Number(v)).toLocaleTimeString("en-GB")}
          />
          <Line dataKey="ms" stroke="#a1a1aa" dot={false} strokeWidth={1} isAnimationActive={false} />
          {(["up", "degraded", "down"] as const).map((s) => (
            <Scatter
              key={s}
              name={s}
              data={data.filter((d) => d.status === s)}
              dataKey="ms"
              fill={STATUS_COLOUR[s]}
              isAnimationActive={false}
            />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

/** A seed series from Prometheus, one line per label set. */
export function SeriesChart({ result, unit }: { result: SeriesResult; unit?: string }) {
  const times = [...new Set(result.series.flatMap((s) => s.points.map(([t]) => t)))].sort((a, b) => a - b);
  const names = result.series.map((s) => Object.values(s.labels).join(" ") || result.metric);
  const byTime = new Map(times.map((t) => [t, { t } as Record<string, number>]));
  result.series.forEach((s, i) => s.points.forEach(([t, v]) => (byTime.get(t)![names[i]!] = v)));
  if (!times.length)
    return <p className="py-6 text-center text-sm text-zinc-500">No samples of {result.metric} in this window.</p>;
  return (
    <div className="h-44 text-zinc-500" role="img" aria-label={`${result.metric}: ${names.length} series`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={[...byTime.values()]} margin={{ top: 8, right: 28, bottom: 0, left: -8 }}>
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
          <XAxis dataKey="t" tick={axis} {...timeAxis(times)} />
          <YAxis tick={axis} unit={unit} />
          <Tooltip
            contentStyle={{ fontSize: 12 }}
            labelFormatter={(v) => new Date(Number(v)).toLocaleTimeString("en-GB")}
          />
          {names.map((n, i) => (
            <Line
              key={n}
              dataKey={n}
              stroke={PALETTE[i % PALETTE.length]}
              dot={false}
              strokeWidth={1.5}
              isAnimationActive={false}
              connectNulls
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
