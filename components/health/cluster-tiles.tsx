"use client";
import Link from "next/link";
import type { HealthSnapshot } from "@/server/health/contract";
import { cn } from "@/components/ui/cn";
import { RelTime } from "@/components/ui/rel-time";
import { CLUSTER_LABEL, keyNumbers, StatusBadge, StatusDot } from "./status";

/** A tile per cluster: status, key numbers, the first problem and since when. */
export function ClusterTiles({ snapshot }: { snapshot: HealthSnapshot }) {
  return (
    <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-3" aria-label="Clusters">
      {snapshot.clusters.map((c) => {
        const mine = snapshot.services.filter((s) => s.cluster === c.cluster);
        const worst = mine.filter((s) => s.status !== "up").sort((a, b) => a.since.localeCompare(b.since))[0];
        return (
          <li key={c.cluster} data-testid={`tile-${c.cluster}`} data-status={c.status}>
            <Link
              href={`/health?cluster=${c.cluster}`}
              className={cn(
                "block h-full rounded-lg border bg-white p-4 shadow-sm transition hover:border-indigo-300 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:bg-zinc-900 dark:hover:border-indigo-700",
                c.status === "up"
                  ? "border-zinc-200 dark:border-zinc-800"
                  : c.status === "down"
                    ? "border-red-300 dark:border-red-900"
                    : "border-amber-300 dark:border-amber-900",
              )}
            >
              <div className="flex items-center justify-between gap-2">
                <span className="flex items-center gap-2 text-sm font-semibold">
                  <StatusDot status={c.status} /> {CLUSTER_LABEL[c.cluster]}
                </span>
                <StatusBadge status={c.status} />
              </div>
              <dl className="mt-3 grid grid-cols-2 gap-x-3 gap-y-1.5">
                {keyNumbers(c.cluster, snapshot.services).map((k) => (
                  <div key={k.label}>
                    <dt className="text-[11px] uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{k.label}</dt>
                    <dd className={cn("text-sm font-semibold tabular-nums", k.bad && "text-red-600 dark:text-red-400")}>
                      {k.value}
                    </dd>
                  </div>
                ))}
              </dl>
              {worst && (
                <p
                  className="mt-3 line-clamp-2 text-xs text-zinc-600 dark:text-zinc-400"
                  title={`${worst.service}: ${worst.detail}`}
                >
                  <span className="font-medium">{worst.service}</span> {worst.status}{" "}
                  <RelTime iso={worst.since} prefix="since " />: {worst.detail}
                </p>
              )}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
