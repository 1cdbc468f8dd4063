"use client";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

const axis = { fontSize: 11, fill: "currentColor" };

/** Quality score over time with the seed's threshold (80) marked. */
export function QualityTrend({
  points,
  threshold = 80,
}: {
  points: { at: string; score: number }[];
  threshold?: number;
}) {
  const data = points.map((p) => ({
    t: new Date(p.at).toLocaleString("en-GB", { day: "2-digit", month: "short", hour: "2-digit", minute: "2-digit" }),
    score: Math.round(p.score * 10) / 10,
  }));
  return (
    <div className="h-56 text-zinc-500" role="img" aria-label={`Quality trend, latest ${data.at(-1)?.score ?? "none"}`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
          <XAxis dataKey="t" tick={axis} minTickGap={24} />
          <YAxis domain={[0, 100]} tick={axis} />
          <Tooltip contentStyle={{ fontSize: 12 }} />
          <ReferenceLine
            y={threshold}
            stroke="#dc2626"
            strokeDasharray="4 4"
            label={{ value: `threshold ${threshold}`, fontSize: 10, fill: "#dc2626", position: "insideTopLeft" }}
          />
          <Line
            type="monotone"
            dataKey="score"
            stroke="#6366f1"
            strokeWidth={2}
            dot={{ r: 3 }}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

export function Sparkline({ values, threshold = 80 }: { values: number[]; threshold?: number }) {
  const data = values.map((v, i) => ({ i, v }));
  const last = values.at(-1);
  return (
    <div className="h-8 w-28" role="img" aria-label={`trend of ${values.length} results`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data}>
          <YAxis hide domain={[0, 100]} />
          <ReferenceLine y={threshold} stroke="#dc2626" strokeOpacity={0.4} strokeDasharray="2 2" />
          <Line
            type="monotone"
            dataKey="v"
            dot={false}
            strokeWidth={1.5}
            stroke={last !== undefined && last < threshold ? "#dc2626" : "#16a34a"}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Run durations over time, coloured by outcome. */
export function RunDurations({
  runs,
}: {
  runs: { startedAt: string | null; durationSeconds: number | null; state: string }[];
}) {
  const data = [...runs].reverse().map((r) => ({
    t: r.startedAt
      ? new Date(r.startedAt).toLocaleString("en-GB", {
          day: "2-digit",
          month: "short",
          hour: "2-digit",
          minute: "2-digit",
        })
      : "?",
    s: r.durationSeconds ?? 0,
    state: r.state,
  }));
  return (
    <div className="h-48 text-zinc-500" role="img" aria-label="Run durations">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: -8 }}>
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
          <XAxis dataKey="t" tick={axis} minTickGap={24} />
          <YAxis tick={axis} unit="s" />
          <Tooltip contentStyle={{ fontSize: 12 }} />
          <Bar dataKey="s" isAnimationActive={false}>
            {data.map((d, i) => (
              <Cell
                key={i}
                fill={
                  d.state === "FAIL" || d.state === "ABORT" ? "#dc2626" : d.state === "COMPLETE" ? "#16a34a" : "#6366f1"
                }
              />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function LayerScores({
  layers,
  threshold = 80,
}: {
  layers: { layer: string; average: number | null }[];
  threshold?: number;
}) {
  const data = layers.map((l) => ({
    layer: l.layer,
    score: l.average === null ? 0 : Math.round(l.average * 10) / 10,
    empty: l.average === null,
  }));
  return (
    <div className="h-48 text-zinc-500" role="img" aria-label="Average quality by layer">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
          <XAxis dataKey="layer" tick={axis} />
          <YAxis domain={[0, 100]} tick={axis} />
          <Tooltip contentStyle={{ fontSize: 12 }} />
          <ReferenceLine y={threshold} stroke="#dc2626" strokeDasharray="4 4" />
          <Bar dataKey="score" isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.layer} fill={d.empty ? "#a1a1aa" : d.score < threshold ? "#dc2626" : "#16a34a"} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
