"use client";
import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { DatasetCatalogLink } from "@/components/catalog/dataset-catalog-link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { CARD_TABLE_STYLE, DataTable } from "@/components/ui/data-table";
import { dateTime } from "@/components/ui/format";
import type { CheckOutcome } from "@/server/lineage/contract";
import { ErrorPanel, PageHeader, Spinner } from "@/components/ui/states";
import { QualityTrend } from "./charts";
import { Neighbours } from "./neighbours";
import { RunsTable } from "./runs-table";
import { useDataset } from "./queries";

export function DatasetPage({ id }: { id: string }) {
  const d = useDataset(id);
  if (d.isPending) return <Spinner />;
  if (d.isError) return <ErrorPanel error={d.error} title="Dataset unavailable" />;
  const ds = d.data;
  // As the gate judges: each check by its latest outcome, failing first.
  const checks = [...ds.checks].sort((a, b) => RANK[a.status] - RANK[b.status] || a.check.localeCompare(b.check));
  const failing = checks.filter((c) => c.status === "FAILED").length;
  const fields = (ds.schema as { fields?: SchemaField[] } | null)?.fields ?? [];
  return (
    <>
      <PageHeader
        title={ds.name}
        description={
          <>
            {ds.namespace}
            {ds.layer && (
              <>
                {" "}
                · <Badge tone="violet">{ds.layer}</Badge>
              </>
            )}{" "}
            {ds.qualityScore !== null && (
              <>
                {" "}
                · quality <strong>{ds.qualityScore.toFixed(1)}</strong>
              </>
            )}
          </>
        }
        actions={
          <div className="flex flex-wrap gap-2">
            <DatasetCatalogLink namespace={ds.namespace} name={ds.name} />
            <Link
              className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
              href={`/lineage?node=${encodeURIComponent(`dataset:${ds.id}`)}`}
            >
              Show in graph
            </Link>
          </div>
        }
      />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <Card title="Quality trend">
          {ds.quality.length ? (
            <QualityTrend points={ds.quality.map((q) => ({ at: q.at, score: q.datasetScore })).reverse()} />
          ) : (
            <p className="text-sm text-zinc-500">No quality results yet.</p>
          )}
        </Card>
        <Card title={`Checks, each by its latest result${checks.length ? ` (${failing} failing)` : ""}`}>
          {ds.quality.length === 0 ? (
            <p className="text-sm text-zinc-500">No quality results yet.</p>
          ) : checks.length === 0 ? (
            <p className="text-sm text-zinc-500">Only scores were reported, no checks.</p>
          ) : (
            <ul className="space-y-1.5 text-sm" aria-label="Checks">
              {checks.map((c) => (
                <CheckItem key={`${c.check}|${c.column ?? ""}`} c={c} />
              ))}
            </ul>
          )}
        </Card>
        <Card title="Upstream and downstream">
          <div className="grid grid-cols-2 gap-4 text-sm">
            <Neighbours title="Comes from" datasets={ds.upstream} jobs={ds.producers} />
            <Neighbours title="Goes to" datasets={ds.downstream} jobs={ds.consumers} />
          </div>
        </Card>
        <Card title="Schema">
          {fields.length === 0 ? (
            <p className="text-sm text-zinc-500">No schema facet received.</p>
          ) : (
            <DataTable
              label="Schema"
              data={fields}
              columns={SCHEMA_COLUMNS}
              sortable={false}
              style={{ ...CARD_TABLE_STYLE, box: "" }}
              rowId={(f) => f.name}
            />
          )}
        </Card>
      </div>
      <div className="mt-4">
        <Card title="Recent runs of its producers">
          <RunsTable runs={ds.recentRuns} />
        </Card>
      </div>
    </>
  );
}

type SchemaField = { name: string; type?: string; description?: string };

const SCHEMA_COLUMNS: ColumnDef<SchemaField, unknown>[] = [
  {
    id: "column",
    header: "Column",
    meta: { className: "py-1 font-mono text-xs" },
    cell: ({ row }) => row.original.name,
  },
  { id: "type", header: "Type", meta: { className: "font-mono text-xs" }, cell: ({ row }) => row.original.type ?? "" },
  {
    id: "description",
    header: "Description",
    meta: { className: "text-xs text-zinc-500" },
    cell: ({ row }) => row.original.description ?? "",
  },
];

const RANK: Record<CheckOutcome["status"], number> = { FAILED: 0, WARNING: 1, PASSED: 2 };
const TONE = { FAILED: "red", WARNING: "amber", PASSED: "green" } as const;

function CheckItem({ c }: { c: CheckOutcome }) {
  return (
    <li className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
      <Badge tone={TONE[c.status]}>{c.status}</Badge>
      <span className="break-all font-mono text-xs">
        {c.check}
        {c.column ? <span className="text-zinc-500"> on {c.column}</span> : null}
      </span>
      <time className="text-xs text-zinc-500" dateTime={c.at}>
        {dateTime(c.at)}
      </time>
      {c.message ? <span className="basis-full text-xs text-zinc-500">{c.message}</span> : null}
    </li>
  );
}
