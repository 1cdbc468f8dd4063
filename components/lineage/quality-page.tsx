"use client";
import type { ColumnDef } from "@tanstack/react-table";
import { Gauge } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, Stat } from "@/components/ui/card";
import { CARD_TABLE_STYLE, DataTable } from "@/components/ui/data-table";
import { formatNumber, relativeTime } from "@/components/ui/format";
import { EmptyState, PageHeader, QueryState } from "@/components/ui/states";
import { LayerScores, Sparkline } from "./charts";
import { useQualityOverview } from "./queries";
import type { QualityOverview } from "@/server/lineage/contract";

export function QualityPage() {
  const q = useQualityOverview();
  return (
    <>
      <PageHeader
        title="Data quality"
        description={
          <>
            Score per dataset over each check&apos;s latest result, lowest first; a failing check fails the gate
            whatever the score; the seed&apos;s threshold is 80. CI gate:{" "}
            <code className="font-mono text-xs">GET /api/v1/quality/gate?dataset=…&amp;min=80</code> answers 412 when it
            fails.
          </>
        }
      />
      <QueryState
        query={q}
        isEmpty={(o) => o.datasets.length === 0}
        empty={
          <EmptyState icon={Gauge} title="No quality results yet">
            Post results to /api/v1/quality/results (the seed&apos;s checker), /api/v1/quality/great-expectations, or
            send OpenLineage dataQualityAssertions facets.
          </EmptyState>
        }
      >
        {(o) => (
          <>
            <div className="mb-4 grid grid-cols-1 gap-4 md:grid-cols-4">
              {o.layers.map((l) => (
                <Stat
                  key={l.layer}
                  label={l.layer}
                  value={formatNumber(l.average, { digits: 1 })}
                  hint={`${l.datasets} dataset(s), ${l.below} below ${o.threshold}`}
                />
              ))}
              <Stat
                label="Below threshold"
                value={o.datasets.filter((d) => d.score !== null && d.score < o.threshold).length}
                hint={`${o.datasets.filter((d) => d.failingChecks > 0).length} with a failing check`}
              />
            </div>
            <div className="grid grid-cols-1 gap-4 lg:grid-cols-[22rem_1fr]">
              <Card title="Score by layer">
                <LayerScores layers={o.layers} threshold={o.threshold} />
              </Card>
              <Card title="Datasets, lowest first" className="min-w-0">
                <DatasetQualityTable datasets={o.datasets} threshold={o.threshold} />
              </Card>
            </div>
          </>
        )}
      </QueryState>
    </>
  );
}

type DatasetQuality = QualityOverview["datasets"][number];

function DatasetQualityTable({ datasets, threshold }: { datasets: DatasetQuality[]; threshold: number }) {
  const columns: ColumnDef<DatasetQuality, unknown>[] = [
    {
      id: "dataset",
      header: "Dataset",
      meta: { headerClassName: "py-1", className: "py-1" },
      cell: ({ row: { original: d } }) => (
        <Link
          className="font-mono text-xs hover:underline"
          href={`/lineage/datasets/${d.id}`}
          title={`${d.namespace}/${d.name}`}
        >
          {d.name}
        </Link>
      ),
    },
    {
      id: "layer",
      header: "Layer",
      cell: ({ row: { original: d } }) => (d.layer ? <Badge tone="violet">{d.layer}</Badge> : "—"),
    },
    {
      id: "score",
      header: "Score",
      cell: ({ row: { original: d } }) => (
        <Badge tone={d.score !== null && d.score < threshold ? "red" : "green"}>
          {formatNumber(d.score, { digits: 1 })}
        </Badge>
      ),
    },
    {
      // The gate fails on any failing check, whatever the score: say so beside it.
      id: "checks",
      header: "Checks",
      cell: ({ row: { original: d } }) =>
        d.failingChecks > 0 ? (
          <span className="whitespace-nowrap">
            <Badge tone="red">{d.failingChecks} failing</Badge>
          </span>
        ) : (
          <span className="text-xs text-zinc-500">—</span>
        ),
    },
    {
      id: "trend",
      header: "Trend",
      cell: ({ row }) => <Sparkline values={row.original.trend} threshold={threshold} />,
    },
    {
      id: "last",
      header: "Last",
      meta: { className: "whitespace-nowrap text-xs text-zinc-500" },
      cell: ({ row }) => relativeTime(row.original.at),
    },
  ];
  return (
    <DataTable
      label="Dataset quality"
      data={datasets}
      columns={columns}
      sortable={false}
      style={CARD_TABLE_STYLE}
      rowId={(d) => d.id}
    />
  );
}
