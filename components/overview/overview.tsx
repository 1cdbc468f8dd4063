"use client";
import { Activity } from "lucide-react";
import Link from "next/link";
import { useSession } from "@/components/auth/queries";
import { DlqTrend, PlatformTrend, SeriesChart } from "@/components/health/charts";
import { AlertList } from "@/components/health/alerts-page";
import { ClusterTiles } from "@/components/health/cluster-tiles";
import {
  askedPrometheus,
  useAlerts,
  useHealth,
  useHealthHistory,
  useSeries,
  type AskedPrometheus,
} from "@/components/health/queries";
import { StatusBadge } from "@/components/health/status";
import { Sparkline } from "@/components/lineage/charts";
import { useQualityOverview, useRuns } from "@/components/lineage/queries";
import { useStacks } from "@/components/stack/queries";
import { StackActions } from "@/components/stack/stack-actions";
import { useSystemInfo } from "@/components/system/queries";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatNumber, relativeTime } from "@/components/ui/format";
import { RelTime } from "@/components/ui/rel-time";
import { EmptyState, ErrorPanel, PageHeader, QueryState, Spinner } from "@/components/ui/states";
import { hasRole } from "@/server/auth/contract";
import { describeCauses, stackTone } from "@/server/stack/contract";

const more = (href: string, label: string) => (
  <Link href={href} className="text-xs font-medium text-indigo-600 hover:underline dark:text-indigo-400">
    {label}
  </Link>
);

export function Overview() {
  const health = useHealth();
  const s = health.data;
  return (
    <>
      <PageHeader
        title="Overview"
        description={
          s ? (
            <>
              Live: probes every {Math.round(s.intervalMs / 1000)} s, last <RelTime iso={s.checkedAt} />.
            </>
          ) : (
            "Is the platform all right, and if not, what is wrong and since when."
          )
        }
        actions={
          s && (
            <span className="flex items-center gap-2 text-sm" data-testid="platform-status" data-status={s.status}>
              Platform <StatusBadge status={s.status} />
            </span>
          )
        }
      />
      <div className="space-y-6">
        <StackStrip />
        <QueryState
          query={health}
          pendingLabel="Probing the platform…"
          errorTitle="Could not load health"
          isEmpty={(d) => d.services.length === 0}
          empty={
            <EmptyState icon={Activity} title="Nothing is probed yet">
              Start a stack, or point NEXUS_PROBES at the services of a platform this app does not run.
            </EmptyState>
          }
        >
          {(snapshot) => <ClusterTiles snapshot={snapshot} />}
        </QueryState>
        <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-2">
          <FiringAlerts />
          <DlqCard />
        </div>
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
          <LowestQuality />
          <RecentRuns />
        </div>
        <Trends prometheus={askedPrometheus(s)} />
        <ControlPlaneLine />
      </div>
    </>
  );
}

function ControlPlaneLine() {
  const info = useSystemInfo();
  if (!info.data) return null;
  const d = info.data;
  return (
    <p className="text-xs text-zinc-500 [overflow-wrap:anywhere] dark:text-zinc-400">
      Control plane {d.version}: {d.database === "pglite" ? `PGlite in ${d.dataDir}` : "PostgreSQL"}, up{" "}
      {relativeTime(d.startedAt)}, {d.counts.users} user(s), {d.counts.auditEvents24h} audit events in 24 h.
    </p>
  );
}

function StackStrip() {
  const stacks = useStacks(false);
  const role = useSession().data?.user.role ?? "viewer";
  const canAct = hasRole(role, "operator");
  if (stacks.isPending) return <Spinner label="Reading stacks…" />;
  if (stacks.isError) return <ErrorPanel error={stacks.error} title="Could not read the stacks" />;
  return (
    <Card title="Stack" action={more("/stack", "Stack page")}>
      <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {stacks.data.stacks.map((st) => {
          const real = st.services.filter((x) => x.state !== "absent");
          return (
            <li key={st.name} className="flex flex-wrap items-center gap-3 py-2 text-sm" data-stack={st.name}>
              <span className="font-medium">{st.title}</span>
              {st.engine === "unavailable" ? (
                <Badge tone="red">Docker unavailable</Badge>
              ) : st.causes.length > 0 && real.length === 0 ? (
                <Link href={`/stack?t=${st.name}`} className="hover:underline">
                  <Badge tone="red">{describeCauses(st.causes)}: see the Stack page</Badge>
                </Link>
              ) : (
                <Badge tone={stackTone(st.counts)}>{st.countsText}</Badge>
              )}
              <span className="text-xs text-zinc-500">{st.description}</span>
              {canAct && (
                <span className="ml-auto flex gap-2">
                  <StackActions stack={st} />
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

function FiringAlerts() {
  const alerts = useAlerts();
  const firing = alerts.data?.active.filter((a) => a.state === "firing") ?? [];
  const pending = (alerts.data?.active.length ?? 0) - firing.length;
  const prom = alerts.data?.prometheus?.filter((a) => a.state === "firing").length ?? 0;
  return (
    <Card title={`Firing alerts (${firing.length})`} action={more("/alerts", "All alerts")}>
      <QueryState
        query={alerts}
        isEmpty={() => firing.length === 0}
        empty={
          <p className="py-4 text-center text-sm text-zinc-500">
            Nothing is firing.{pending ? ` ${pending} pending.` : ""}
            {prom ? ` Prometheus: ${prom} firing.` : ""}
          </p>
        }
      >
        {() => (
          <>
            <AlertList alerts={firing.slice(0, 6)} compact label="Firing alerts" />
            {(pending > 0 || prom > 0) && (
              <p className="mt-2 text-xs text-zinc-500">
                {pending} pending · Prometheus: {prom} firing
              </p>
            )}
          </>
        )}
      </QueryState>
    </Card>
  );
}

function DlqCard() {
  const health = useHealth();
  const hist = useHealthHistory(null, 360);
  const dlq = health.data?.dlq;
  return (
    <Card title="Dead-letter queues" action={more("/dlq", "Browse DLQs")}>
      {!dlq ? (
        <p className="py-4 text-center text-sm text-zinc-500">Kafka is not reachable; DLQ sizes are unknown.</p>
      ) : (
        <>
          <div className="mb-3 flex items-baseline gap-3">
            <span className="text-2xl font-semibold tabular-nums" data-testid="dlq-total">
              {dlq.total.toLocaleString("en")}
            </span>
            <span className="text-xs text-zinc-500">messages in {dlq.topics.length} DLQ topic(s)</span>
          </div>
          <ul className="mb-3 space-y-1 text-sm">
            {[...dlq.topics]
              .sort((a, b) => (b.growth ?? 0) - (a.growth ?? 0) || b.messages - a.messages)
              .slice(0, 5)
              .map((t) => (
                <li key={t.topic} className="flex items-center justify-between gap-2">
                  <Link
                    href={`/dlq/topics/${encodeURIComponent(t.topic)}`}
                    className="truncate font-mono text-xs hover:underline"
                  >
                    {t.topic}
                  </Link>
                  <span className="flex items-center gap-2 text-xs tabular-nums">
                    {t.messages.toLocaleString("en")}
                    {t.growth !== null && t.growth > 0 && <Badge tone="red">+{t.growth} / 5 min</Badge>}
                  </span>
                </li>
              ))}
          </ul>
          {hist.data && <DlqTrend cycles={hist.data.cycles} />}
        </>
      )}
    </Card>
  );
}

function LowestQuality() {
  const q = useQualityOverview();
  return (
    <Card title="Lowest-quality datasets" action={more("/quality", "Quality")}>
      <QueryState
        query={q}
        isEmpty={(o) => o.datasets.length === 0}
        empty={<p className="py-4 text-center text-sm text-zinc-500">No quality results recorded.</p>}
      >
        {(o) => (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Lowest-quality datasets">
            {o.datasets.slice(0, 5).map((d) => (
              <li key={d.id} className="flex items-center gap-3 py-1.5 text-sm">
                <Link
                  href={`/lineage/datasets/${d.id}`}
                  className="min-w-0 flex-1 truncate font-mono text-xs hover:underline"
                >
                  {d.name}
                </Link>
                {d.layer && <Badge tone="violet">{d.layer}</Badge>}
                <Sparkline values={d.trend} threshold={o.threshold} />
                <Badge tone={d.score !== null && d.score < o.threshold ? "red" : "green"}>
                  {formatNumber(d.score, { digits: 1 })}
                </Badge>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </Card>
  );
}

function RecentRuns() {
  const runs = useRuns();
  return (
    <Card title="Recent runs" action={more("/lineage", "Lineage")}>
      <QueryState
        query={runs}
        isEmpty={(d) => d.runs.length === 0}
        empty={<p className="py-4 text-center text-sm text-zinc-500">No pipeline runs reported.</p>}
      >
        {(d) => (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Recent runs">
            {d.runs.slice(0, 6).map((r) => (
              <li key={r.id} className="flex items-center gap-3 py-1.5 text-sm">
                <span className="min-w-0 flex-1 truncate font-mono text-xs">{r.job}</span>
                <span className="text-xs tabular-nums text-zinc-500">
                  {r.durationSeconds === null ? "" : `${r.durationSeconds.toFixed(1)} s`}
                </span>
                <Badge
                  tone={r.state === "COMPLETE" ? "green" : r.state === "FAIL" || r.state === "ABORT" ? "red" : "blue"}
                >
                  {r.state}
                </Badge>
                <span className="w-24 text-right text-xs text-zinc-500">{relativeTime(r.startedAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </Card>
  );
}

function Trends({ prometheus: choice }: { prometheus: AskedPrometheus }) {
  // The health snapshot names the Prometheus the server asks (NEXUS_PROMETHEUS_URL, a running stack's, a probed one).
  const prometheus = choice.available;
  const hist = useHealthHistory(null, 360);
  const duration = useSeries("job_duration_seconds", 360, prometheus);
  const processed = useSeries("records_processed_total", 360, prometheus);
  const asked = (
    <p className="text-xs text-zinc-500" data-testid="prometheus-asked">
      {duration.data?.prometheusAsked ?? choice.reason}
    </p>
  );
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
      <Card title="Services over 6 hours">
        <QueryState query={hist}>{(h) => <PlatformTrend cycles={h.cycles} />}</QueryState>
      </Card>
      <Card title="Job duration (Prometheus)">
        {asked}
        {prometheus && <QueryState query={duration}>{(r) => <SeriesChart result={r} unit="s" />}</QueryState>}
      </Card>
      <Card title="Records processed (Prometheus)">
        {asked}
        {prometheus && <QueryState query={processed}>{(r) => <SeriesChart result={r} />}</QueryState>}
      </Card>
    </div>
  );
}
