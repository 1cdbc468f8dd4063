// Pure: where Swarm would place a service's replicas on a list of nodes (read from the API), following its placement
// rules: constraints filter nodes, spread preferences split replicas evenly over the values of a label (tree-wise, in
// order), then over nodes by fewest tasks; max_replicas_per_node and resource reservations cap a node.
import "server-only";
import type { SwarmNode } from "../../adapters/docker/index.ts";

export type PlacementInput = {
  replicas: number | null; // null: global (one per eligible node)
  constraints?: string[];
  preferences?: { spread: string }[];
  maxReplicasPerNode?: number;
  reservations?: { nanoCpus?: number; memoryBytes?: number };
};
export type PlacementPlan = {
  /** node hostname → replicas */
  perNode: Record<string, number>;
  /** Replicas no node can take, and why. */
  unplaced: number;
  reasons: string[];
};

function attribute(node: SwarmNode, key: string): string | undefined {
  if (key === "node.id") return node.id;
  if (key === "node.hostname") return node.hostname;
  if (key === "node.role") return node.role;
  if (key === "node.platform.os") return node.platform.os;
  if (key === "node.platform.arch") return node.platform.arch;
  if (key.startsWith("node.labels.")) return node.labels[key.slice("node.labels.".length)];
  if (key.startsWith("engine.labels.")) return node.engineLabels[key.slice("engine.labels.".length)];
  return undefined;
}

/** Whether a node satisfies one constraint, `key==value` or `key!=value` (Swarm's syntax). */
export function matchesConstraint(node: SwarmNode, constraint: string): boolean {
  const m = /^\s*([\w.-]+)\s*(==|!=)\s*(.+?)\s*$/.exec(constraint);
  if (!m) throw new Error(`invalid placement constraint "${constraint}": use key==value or key!=value`);
  const value = attribute(node, m[1]!);
  return m[2] === "==" ? value === m[3] : value !== m[3];
}

function capacity(node: SwarmNode, input: PlacementInput): number {
  let cap = input.maxReplicasPerNode && input.maxReplicasPerNode > 0 ? input.maxReplicasPerNode : Infinity;
  const r = input.reservations;
  if (r?.nanoCpus) cap = Math.min(cap, Math.floor(node.nanoCpus / r.nanoCpus));
  if (r?.memoryBytes) cap = Math.min(cap, Math.floor(node.memoryBytes / r.memoryBytes));
  return cap;
}

/** Splits `n` replicas over groups of nodes: evenly over the spread label's values (recursively), then node by node. */
function distribute(
  nodes: SwarmNode[],
  n: number,
  prefs: string[],
  caps: Map<string, number>,
  out: Map<string, number>,
): number {
  if (!prefs.length) {
    for (let i = 0; i < n; i++) {
      const free = nodes.filter((x) => (out.get(x.id) ?? 0) < caps.get(x.id)!);
      if (!free.length) return n - i;
      free.sort((a, b) => (out.get(a.id) ?? 0) - (out.get(b.id) ?? 0) || a.hostname.localeCompare(b.hostname));
      out.set(free[0]!.id, (out.get(free[0]!.id) ?? 0) + 1);
    }
    return 0;
  }
  const [key, ...rest] = prefs;
  const groups = new Map<string, SwarmNode[]>();
  for (const node of nodes) {
    const v = attribute(node, key!) ?? ""; // nodes without the label form a group of their own, as in Swarm
    groups.set(v, [...(groups.get(v) ?? []), node]);
  }
  const keys = [...groups.keys()].sort();
  let left = 0;
  keys.forEach((k, i) => {
    const share = Math.floor(n / keys.length) + (i < n % keys.length ? 1 : 0);
    left += distribute(groups.get(k)!, share, rest, caps, out);
  });
  // What a full group could not take goes to the others.
  return left && keys.length > 1 ? distribute(nodes, left, [], caps, out) : left;
}

export function planPlacement(nodes: SwarmNode[], input: PlacementInput): PlacementPlan {
  const reasons: string[] = [];
  const ready = nodes.filter((n) => n.state === "ready" && n.availability === "active");
  if (ready.length < nodes.length) reasons.push(`${nodes.length - ready.length} node(s) not ready or not active`);
  const eligible = ready.filter((n) => (input.constraints ?? []).every((c) => matchesConstraint(n, c)));
  if (!eligible.length && ready.length) reasons.push(`no node matches ${(input.constraints ?? []).join(" and ")}`);
  const caps = new Map(eligible.map((n) => [n.id, capacity(n, input)]));
  const out = new Map<string, number>();
  let unplaced: number;
  if (input.replicas === null) {
    for (const n of eligible) if (caps.get(n.id)! >= 1) out.set(n.id, 1);
    unplaced = 0;
  } else
    unplaced = distribute(
      eligible,
      input.replicas,
      (input.preferences ?? []).map((p) => p.spread),
      caps,
      out,
    );
  if (unplaced)
    reasons.push(`${unplaced} replica(s) fit on no node (constraints, max_replicas_per_node or reservations)`);
  const perNode = Object.fromEntries(eligible.filter((n) => out.get(n.id)).map((n) => [n.hostname, out.get(n.id)!]));
  return { perNode, unplaced, reasons };
}
