"use client";
import dagre from "@dagrejs/dagre";
import { Background, MarkerType, Position, ReactFlow, type Edge, type Node } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useTheme } from "next-themes";
import { useMemo } from "react";
import { STATUS_TONE, type ServiceStatus } from "@/server/stack/contract";

const W = 170,
  H = 44;
const COLOUR = { green: "#16a34a", amber: "#d97706", red: "#dc2626", neutral: "#a1a1aa" } as const;

/** The services and their depends_on edges, laid out left to right by dagre, coloured and labelled by the one status model (server/stack/contract.ts). */
export function StackGraph({
  services,
  onSelect,
}: {
  services: ServiceStatus[];
  onSelect?: (service: string) => void;
}) {
  const dark = useTheme().resolvedTheme === "dark";
  const { nodes, edges, height } = useMemo(() => {
    const d = new dagre.graphlib.Graph();
    d.setGraph({ rankdir: "LR", nodesep: 14, ranksep: 50 });
    d.setDefaultEdgeLabel(() => ({}));
    for (const s of services) d.setNode(s.service, { width: W, height: H });
    for (const s of services)
      for (const dep of s.dependsOn) if (services.some((x) => x.service === dep)) d.setEdge(dep, s.service);
    dagre.layout(d);
    const nodes: Node[] = services.map((s) => {
      const p = d.node(s.service);
      const c = COLOUR[STATUS_TONE[s.status]];
      return {
        id: s.service,
        position: { x: p.x - W / 2, y: p.y - H / 2 },
        sourcePosition: Position.Right,
        targetPosition: Position.Left,
        draggable: false,
        data: {
          label: (
            <div className="text-left leading-tight" data-testid={`graph-${s.service}`}>
              <div className="truncate font-mono text-[11px] font-semibold">{s.service}</div>
              <div className="text-[10px] opacity-70">{s.statusText}</div>
            </div>
          ),
        },
        style: {
          width: W,
          height: H,
          padding: "4px 8px",
          borderRadius: 8,
          border: `2px solid ${c}`,
          background: dark ? "#18181b" : "#fff",
          color: dark ? "#e4e4e7" : "#18181b",
          fontSize: 11,
        },
      };
    });
    const edges: Edge[] = d.edges().map((e) => ({
      id: `${e.v}->${e.w}`,
      source: e.v,
      target: e.w,
      markerEnd: { type: MarkerType.ArrowClosed },
      style: { stroke: dark ? "#52525b" : "#a1a1aa" },
    }));
    return { nodes, edges, height: Math.min(420, Math.max(140, (d.graph().height ?? 100) + 40)) };
  }, [services, dark]);
  return (
    <div
      style={{ height }}
      className="rounded-md border border-zinc-200 dark:border-zinc-800"
      role="img"
      aria-label={`Service graph: ${services.length} services, ${edges.length} dependencies`}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        fitView
        proOptions={{ hideAttribution: true }}
        nodesConnectable={false}
        onNodeClick={(_, n) => onSelect?.(n.id)}
        colorMode={dark ? "dark" : "light"}
        minZoom={0.3}
      >
        <Background gap={16} size={1} />
      </ReactFlow>
    </div>
  );
}
