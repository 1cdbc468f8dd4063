"use client";
import { Badge } from "@/components/ui/badge";
import { dateTime, formatNumber } from "@/components/ui/format";
import type { Run } from "@/server/lineage/contract";

export function RunsTable({ runs }: { runs: Run[] }) {
  if (!runs.length) return <p className="text-sm text-zinc-500">No runs recorded.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" aria-label="Runs">
        <thead className="text-xs uppercase text-zinc-500"><tr><th className="py-1">Started</th><th>Job</th><th>State</th><th>Duration</th><th>Rows in</th><th>Rows out</th><th>Error</th></tr></thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} className="border-t border-zinc-100 dark:border-zinc-800">
              <td className="py-1 text-xs">{dateTime(r.startedAt)}</td><td className="font-mono text-xs">{r.job}</td>
              <td><Badge tone={r.state === "COMPLETE" ? "green" : r.state === "FAIL" || r.state === "ABORT" ? "red" : "blue"}>{r.state}</Badge></td>
              <td className="tabular-nums text-xs">{formatNumber(r.durationSeconds, { digits: 1, unit: "s" })}</td>
              <td className="tabular-nums text-xs">{formatNumber(r.rowsIn)}</td><td className="tabular-nums text-xs">{formatNumber(r.rowsOut)}</td>
              <td className="max-w-[20rem] truncate text-xs text-red-600" title={r.errorMessage ?? ""}>{r.errorMessage ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
