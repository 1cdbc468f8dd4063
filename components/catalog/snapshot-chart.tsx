"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TableDetail } from "@/server/catalog/contract";

const axis = { fontSize: 11, fill: "currentColor" };

/** Records added (up) and deleted (down) per snapshot, oldest first. */
export function SnapshotHistoryChart({ history }: { history: TableDetail["history"] }) {
  const data = history.map((h, i) => ({
    n: i + 1,
    t: new Date(h.at).toLocaleString("en-GB", { day: "2-digit", month: "short", hour: "2-digit", minute: "2-digit" }),
    added: h.added,
    deleted: -h.deleted,
    operation: h.operation,
  }));
  const added = history.reduce((s, h) => s + h.added, 0);
  const deleted = history.reduce((s, h) => s + h.deleted, 0);
  return (
    <div
      className="h-60 text-zinc-500"
      role="img"
      aria-label={`Records per snapshot: ${history.length} snapshots, ${added} records added, ${deleted} deleted`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -8 }} stackOffset="sign">
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} vertical={false} />
          <XAxis dataKey="n" tick={axis} minTickGap={24} />
          <YAxis tick={axis} />
          <Tooltip
            contentStyle={{ fontSize: 12 }}
            labelFormatter={(_, p) => {
              const d = p?.[0]?.payload as (typeof data)[number] | undefined;
              return d ? `#${d.n} ${d.operation} · ${d.t}` : "";
            }}
            formatter={(v, name) => [Math.abs(Number(v)), name]}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="added" name="records added" stackId="r" fill="#6366f1" isAnimationActive={false} />
          <Bar dataKey="deleted" name="records deleted" stackId="r" fill="#f97316" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
