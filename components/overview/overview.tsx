"use client";
import { Activity, Bell, Boxes, Gauge, Inbox, Workflow } from "lucide-react";
import Link from "next/link";
import { JobStateBadge } from "@/components/jobs/job-state-badge";
import { useJobs } from "@/components/jobs/queries";
import { useSystemInfo } from "@/components/system/queries";
import { Card, Stat } from "@/components/ui/card";
import { relativeTime } from "@/components/ui/format";
import { ErrorPanel, PageHeader, Spinner } from "@/components/ui/states";

const CAPABILITIES = [
  { href: "/stack", label: "Stack", icon: Boxes, text: "Templates: nexus-local (Kafka x3 + DLQ topics)." },
  { href: "/dlq", label: "Dead-letter queues", icon: Inbox, text: "No Kafka cluster is connected." },
  { href: "/lineage", label: "Lineage", icon: Workflow, text: "No lineage events received." },
  { href: "/quality", label: "Quality", icon: Gauge, text: "No quality results recorded." },
  { href: "/health", label: "Health", icon: Activity, text: "No platform services are probed." },
  { href: "/alerts", label: "Alerts", icon: Bell, text: "No alert rules are evaluated." },
];

export function Overview() {
  const info = useSystemInfo();
  const jobs = useJobs();
  return (
    <>
      <PageHeader title="Overview" description="The control plane itself, and what of the platform it manages so far." />
      {info.isPending ? (
        <Spinner />
      ) : info.isError ? (
        <ErrorPanel error={info.error} title="Could not load the system status" />
      ) : (
        <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
          <Stat label="Database" value={info.data.database === "pglite" ? "PGlite" : "PostgreSQL"} hint={info.data.dataDir ? `embedded, in ${info.data.dataDir}` : "external server"} />
          <Stat label="Up since" value={relativeTime(info.data.startedAt)} hint={`version ${info.data.version} · ${info.data.migrations.length} migration(s)`} />
          <Stat label="Users · active tokens" value={`${info.data.counts.users} · ${info.data.counts.activeTokens}`} hint="Settings → Users, API tokens" />
          <Stat label="Audit events (24 h)" value={info.data.counts.auditEvents24h} hint="every mutating request" />
        </div>
      )}
      <div className="mt-6 grid gap-6 lg:grid-cols-5">
        <Card title="Platform capabilities" className="lg:col-span-3">
          <ul className="grid gap-3 sm:grid-cols-2">
            {CAPABILITIES.map(({ href, label, icon: Icon, text }) => (
              <li key={href}>
                <Link href={href} className="flex gap-3 rounded-md border border-zinc-200 p-3 hover:border-indigo-300 hover:bg-indigo-50/40 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-800 dark:hover:border-indigo-800 dark:hover:bg-indigo-500/5">
                  <Icon className="mt-0.5 size-4 shrink-0 text-zinc-400" aria-hidden />
                  <span>
                    <span className="block text-sm font-medium">{label}</span>
                    <span className="block text-xs text-zinc-500 dark:text-zinc-400">{href === "/stack" ? text : `Not connected · ${text}`}</span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </Card>
        <Card title="Recent jobs" className="lg:col-span-2" action={<Link href="/settings/jobs" className="text-xs font-medium text-indigo-600 hover:underline dark:text-indigo-400">All jobs</Link>}>
          {jobs.isPending ? (
            <Spinner />
          ) : jobs.isError ? (
            <ErrorPanel error={jobs.error} />
          ) : jobs.data.jobs.length === 0 ? (
            <p className="py-6 text-center text-sm text-zinc-500">No background jobs yet.</p>
          ) : (
            <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {jobs.data.jobs.slice(0, 6).map((j) => (
                <li key={j.id} className="flex items-center justify-between gap-2 py-2 text-sm">
                  <span className="truncate font-mono text-xs">{j.kind}</span>
                  <span className="flex items-center gap-2">
                    <span className="text-xs text-zinc-500">{relativeTime(j.createdAt)}</span>
                    <JobStateBadge state={j.state} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
