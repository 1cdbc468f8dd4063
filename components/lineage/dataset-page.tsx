"use client";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { dateTime } from "@/components/ui/format";
import { ErrorPanel, PageHeader, Spinner } from "@/components/ui/states";
import { QualityTrend } from "./charts";
import { RunsTable } from "./runs-table";
import { useDataset } from "./queries";

type Check = { check: string; status: string; message?: string | null };

export function DatasetPage({ id }: { id: string }) {
  const d = useDataset(id);
  if (d.isPending) return <Spinner />;
  if (d.isError) return <ErrorPanel error={d.error} title="Dataset unavailable" />;
  const ds = d.data;
  const latest = ds.quality[0];
  const failed = ((latest?.checks ?? []) as Check[]).filter((c) => c.status !== "PASSED");
  const fields = ((ds.schema as { fields?: { name: string; type?: string; description?: string }[] } | null)?.fields) ?? [];
  return (
    <>
      <PageHeader
        title={ds.name}
        description={<>{ds.namespace}{ds.layer && <> · <Badge tone="violet">{ds.layer}</Badge></>} {latest && <> · quality <strong>{latest.score.toFixed(1)}</strong></>}</>}
        actions={<Link className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800" href={`/lineage?node=${encodeURIComponent(`dataset:${ds.id}`)}`}>Show in graph</Link>}
      />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <Card title="Quality trend">{ds.quality.length ? <QualityTrend points={[...ds.quality].reverse()} /> : <p className="text-sm text-zinc-500">No quality results yet.</p>}</Card>
        <Card title={`Failed checks${latest ? ` (latest, ${dateTime(latest.at)})` : ""}`}>
          {!latest ? <p className="text-sm text-zinc-500">No quality results yet.</p> : failed.length === 0 ? <p className="text-sm text-emerald-600">Every check passed.</p> : (
            <ul className="space-y-1 text-sm" aria-label="Failed checks">{failed.map((c, i) => <li key={i}><Badge tone={c.status === "FAILED" ? "red" : "amber"}>{c.status}</Badge> <span className="font-mono text-xs">{c.check}</span>{c.message ? <span className="text-zinc-500"> — {c.message}</span> : null}</li>)}</ul>
          )}
        </Card>
        <Card title="Upstream and downstream">
          <div className="grid grid-cols-2 gap-4 text-sm">
            <div><h3 className="mb-1 text-xs font-semibold uppercase text-zinc-500">Comes from</h3><ul>{ds.upstream.map((u) => <li key={u.id}><Link className="font-mono text-xs hover:underline" href={`/lineage/datasets/${u.id}`}>{u.name}</Link></li>)}{!ds.upstream.length && <li className="text-xs text-zinc-500">nothing recorded</li>}</ul>
              <ul className="mt-1 text-xs text-zinc-500">{ds.producers.map((p) => <li key={p.jobId}>via <Link className="hover:underline" href={`/lineage/jobs/${p.jobId}`}>{p.job}</Link></li>)}</ul></div>
            <div><h3 className="mb-1 text-xs font-semibold uppercase text-zinc-500">Goes to</h3><ul>{ds.downstream.map((u) => <li key={u.id}><Link className="font-mono text-xs hover:underline" href={`/lineage/datasets/${u.id}`}>{u.name}</Link></li>)}{!ds.downstream.length && <li className="text-xs text-zinc-500">nothing recorded</li>}</ul>
              <ul className="mt-1 text-xs text-zinc-500">{ds.consumers.map((p) => <li key={p.jobId}>via <Link className="hover:underline" href={`/lineage/jobs/${p.jobId}`}>{p.job}</Link></li>)}</ul></div>
          </div>
        </Card>
        <Card title="Schema">
          {fields.length === 0 ? <p className="text-sm text-zinc-500">No schema facet received.</p> : (
            <table className="w-full text-left text-sm" aria-label="Schema"><thead className="text-xs uppercase text-zinc-500"><tr><th>Column</th><th>Type</th><th>Description</th></tr></thead>
              <tbody>{fields.map((f) => <tr key={f.name} className="border-t border-zinc-100 dark:border-zinc-800"><td className="py-1 font-mono text-xs">{f.name}</td><td className="font-mono text-xs">{f.type ?? ""}</td><td className="text-xs text-zinc-500">{f.description ?? ""}</td></tr>)}</tbody></table>
          )}
        </Card>
      </div>
      <div className="mt-4"><Card title="Recent runs of its producers"><RunsTable runs={ds.recentRuns} /></Card></div>
    </>
  );
}
