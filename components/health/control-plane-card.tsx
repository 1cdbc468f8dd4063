"use client";
import type { ReactNode } from "react";
import type { SystemInfo } from "@/server/system/contract";
import { useSystemInfo } from "@/components/system/queries";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { dateTime } from "@/components/ui/format";
import { RelTime } from "@/components/ui/rel-time";
import { QueryState } from "@/components/ui/states";

/**
 * The control plane's own state beside the probes it runs: which instance answered, which one leads (probes, DLQ
 * growth, alert rules) and since when, and the lease. The same `cluster` object as GET /api/v1/system.
 */
export function ControlPlaneCard() {
  const info = useSystemInfo();
  const d = info.data;
  return (
    <Card title="Control plane" className="mb-6" action={d && <LeaderBadge info={d} />}>
      <QueryState
        query={info}
        pendingLabel="Reading the control plane's state…"
        error={(e) => (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            Could not read the control plane's state: {e.message}
          </p>
        )}
      >
        {(data) => <ControlPlaneFacts info={data} />}
      </QueryState>
    </Card>
  );
}

function LeaderBadge({ info: { cluster: c } }: { info: SystemInfo }) {
  return (
    <span data-testid="cp-role">
      {c.leader ? <Badge tone="green">This instance leads</Badge> : <Badge tone="neutral">This instance follows</Badge>}
    </span>
  );
}

function ControlPlaneFacts({ info }: { info: SystemInfo }) {
  const c = info.cluster;
  const alone = info.database === "pglite";
  return (
    <>
      <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400" data-testid="cp-mode">
        {alone
          ? "Single instance (embedded database): this instance runs the probes, the DLQ growth and the alert rules."
          : `Several instances on PostgreSQL (${c.workers} worker${c.workers === 1 ? "" : "s"} on this host): the leader runs the probes, the DLQ growth and the alert rules; the others show its results.`}
      </p>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-3 xl:grid-cols-4">
        <Fact label="This instance" testId="cp-instance">
          <span className="font-mono text-xs">{c.instance}</span>
          {!alone && !c.listening && (
            <span className="ml-2">
              <Badge tone="amber">not listening</Badge>
            </span>
          )}
        </Fact>
        <Fact label="Leader" testId="cp-leader">
          {c.leaderInstance ? (
            <span className="font-mono text-xs">{c.leaderInstance}</span>
          ) : (
            <span className="text-amber-700 dark:text-amber-300">
              None right now: another instance takes over within one lease
            </span>
          )}
        </Fact>
        <Fact label="Leads since" testId="cp-since">
          {c.leaderSince ? (
            <>
              <RelTime iso={c.leaderSince} />
              <span className="block text-xs text-zinc-500 dark:text-zinc-400">{dateTime(c.leaderSince)}</span>
            </>
          ) : (
            <span className="text-zinc-500 dark:text-zinc-400">unknown</span>
          )}
        </Fact>
        <Fact label="Lease" testId="cp-lease">
          <span className="tabular-nums">{c.leaseMs / 1000} s</span>
          <span className="block text-xs text-zinc-500 dark:text-zinc-400">
            {alone ? "unused: no other instance can take over" : "a silent leader loses the lead after it"}
          </span>
        </Fact>
      </dl>
    </>
  );
}

function Fact({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <div className="min-w-0 [overflow-wrap:anywhere]" data-testid={testId}>
      <dt className="text-[11px] uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5 text-sm">{children}</dd>
    </div>
  );
}
