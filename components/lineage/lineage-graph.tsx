"use client";
import dagre from "@dagrejs/dagre";
import { Background, Controls, MarkerType, Position, ReactFlow, type Edge, type Node } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useTheme } from "next-themes";
import { useMemo } from "react";
import { formatNumber } from "@/components/ui/format";
import type { GraphResult } from "@/server/lineage/contract";

const W = 210,
  H = 56;
const LANE: Record<string, string> = {
  bronze: "rgba(180, 83, 9, 0.08)",
  silver: "rgba(100, 116, 139, 0.10)",
  gold: "rgba(202, 138, 4, 0.10)",
};
const LAYER_BORDER: Record<string, string> = { bronze: "#b45309", silver: "#64748b", gold: "#ca8a04" };
const fmt = (n: number | null) => formatNumber(n, { compact: true });

/** Layered left-to-right layout (dagre), with a lane behind the datasets of each medallion layer. */
export function layoutGraph(g: GraphResult, dark: boolean): { nodes: Node[]; edges: Edge[] } {
  const d = new dagre.graphlib.Graph();
  // Columns far enough apart for the widest row-count label ("999.9k → 999.9k (−99.9%)") between two nodes.
  d.setGraph({ rankdir: "LR", nodesep: 24, ranksep: 160 });
  d.setDefaultEdgeLabel(() => ({}));
  for (const n of g.nodes) d.setNode(n.key, { width: W, height: H });
  for (const e of g.edges) d.setEdge(e.from, e.to);
  dagre.layout(d);
  const nodes: Node[] = g.nodes.map((n) => {
    const p = d.node(n.key);
    const failed = n.kind === "job" && (n.lastState === "FAIL" || n.lastState === "ABORT");
    const root = n.key === g.root;
    return {
      id: n.key,
      position: { x: p.x - W / 2, y: p.y - H / 2 },
      zIndex: 1,
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
      data: {
        label: (
          <div className="text-left leading-tight" data-testid={`node-${n.name}`}>
            <div className="truncate text-[10px] uppercase tracking-wide opacity-60">
              {n.kind === "job"
                ? `job · ${n.lastState ?? "no runs"}`
                : `${n.layer ?? "dataset"}${n.qualityScore !== null ? ` · quality ${n.qualityScore.toFixed(0)}` : ""}`}
            </div>
            <div className="truncate font-mono text-xs" title={`${n.namespace}/${n.name}`}>
              {n.name}
            </div>
          </div>
        ),
      },
      style: {
        width: W,
        height: H,
        borderRadius: n.kind === "job" ? 28 : 6,
        padding: "6px 10px",
        background: failed ? (dark ? "#450a0a" : "#fef2f2") : dark ? "#18181b" : "#fff",
        color: dark ? "#f4f4f5" : "#18181b",
        border: `${root ? 3 : 1.5}px solid ${failed ? "#dc2626" : root ? "#6366f1" : n.layer ? (LAYER_BORDER[n.layer] ?? "#a1a1aa") : "#a1a1aa"}`,
      },
    };
  });
  // Lanes: one band per layer spanning its datasets' columns.
  const lanes: Node[] = [];
  for (const layer of ["bronze", "silver", "gold"]) {
    const xs = nodes.filter((n) => g.nodes.find((x) => x.key === n.id)?.layer === layer);
    if (!xs.length) continue;
    const minX = Math.min(...xs.map((n) => n.position.x)) - 16,
      maxX = Math.max(...xs.map((n) => n.position.x)) + W + 16;
    const minY = Math.min(...nodes.map((n) => n.position.y)) - 40,
      maxY = Math.max(...nodes.map((n) => n.position.y)) + H + 16;
    lanes.push({
      id: `lane-${layer}`,
      position: { x: minX, y: minY },
      selectable: false,
      draggable: false,
      zIndex: 0,
      type: "group",
      data: { label: <span className="text-[11px] font-semibold uppercase tracking-widest opacity-70">{layer}</span> },
      style: {
        width: maxX - minX,
        height: maxY - minY,
        background: LANE[layer],
        border: "none",
        borderRadius: 10,
        pointerEvents: "none",
        display: "flex",
        alignItems: "flex-start",
        justifyContent: "center",
        paddingTop: 6,
        color: LAYER_BORDER[layer],
      },
    });
  }
  const edges: Edge[] = g.edges.map((e) => ({
    // Above the nodes (zIndex 1), so a label is never drawn under a node's box.
    id: `${e.from}->${e.to}`,
    source: e.from,
    target: e.to,
    markerEnd: { type: MarkerType.ArrowClosed },
    zIndex: 2,
    label:
      e.rowsOut !== null
        ? `${fmt(e.rowsIn)} → ${fmt(e.rowsOut)}${e.lossPercent !== null ? ` (−${e.lossPercent.toFixed(1)}%)` : ""}`
        : e.rowsIn !== null
          ? `${fmt(e.rowsIn)} rows`
          : undefined,
    labelStyle: {
      fontSize: 10,
      fill: e.lossPercent !== null && e.lossPercent > 10 ? "#dc2626" : dark ? "#d4d4d8" : "#3f3f46",
    },
    labelBgStyle: { fill: dark ? "#09090b" : "#fff" },
    labelBgPadding: [4, 2] as [number, number],
    labelBgBorderRadius: 3,
    style: { stroke: dark ? "#71717a" : "#a1a1aa" },
  }));
  return { nodes: [...lanes, ...nodes], edges };
}

export function LineageGraph({ graph, onFocus }: { graph: GraphResult; onFocus: (key: string) => void }) {
  const { resolvedTheme } = useTheme();
  const dark = resolvedTheme === "dark";
  const { nodes, edges } = useMemo(() => layoutGraph(graph, dark), [graph, dark]);
  return (
    <div
      className="h-[560px] rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950"
      aria-label="Lineage graph"
      role="figure"
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        fitView
        fitViewOptions={{ padding: 0.08 }}
        colorMode={dark ? "dark" : "light"}
        nodesConnectable={false}
        proOptions={{ hideAttribution: true }}
        onNodeClick={(_, n) => {
          if (!n.id.startsWith("lane-")) onFocus(n.id);
        }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
