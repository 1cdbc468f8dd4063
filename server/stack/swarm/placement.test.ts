import { describe, expect, it } from "vitest";
import type { SwarmNode } from "../../adapters/docker/index.ts";
import { matchesConstraint, planPlacement } from "./placement.ts";

const node = (hostname: string, labels: Record<string, string>, more: Partial<SwarmNode> = {}): SwarmNode => ({
  id: `id-${hostname}`,
  hostname,
  role: "worker",
  availability: "active",
  state: "ready",
  labels,
  platform: { os: "linux", arch: "x86_64" },
  engineLabels: {},
  nanoCpus: 4e9,
  memoryBytes: 8 * 1024 ** 3,
  ...more,
});
const nodes = [
  node("m1", { zone: "a" }, { role: "manager" }),
  node("w1", { zone: "a", spark: "batch" }),
  node("w2", { zone: "b", spark: "batch" }),
  node("w3", { zone: "b" }),
  node("w4", { zone: "c", spark: "batch" }, { availability: "drain" }),
];

describe("planPlacement", () => {
  it("filters by constraints (labels, role, hostname) and skips drained nodes", () => {
    expect(matchesConstraint(nodes[1]!, "node.labels.spark==batch")).toBe(true);
    expect(matchesConstraint(nodes[0]!, "node.role!=manager")).toBe(false);
    expect(() => matchesConstraint(nodes[0]!, "node.role")).toThrow(/key==value/);
    const p = planPlacement(nodes, { replicas: 4, constraints: ["node.labels.spark==batch", "node.role==worker"] });
    expect(p.perNode).toEqual({ w1: 2, w2: 2 });
    expect(p.reasons).toEqual(["1 node(s) not ready or not active"]);
  });

  it("spreads over a label's values first, then over nodes", () => {
    expect(planPlacement(nodes, { replicas: 4, preferences: [{ spread: "node.labels.zone" }] }).perNode).toEqual({
      m1: 1,
      w1: 1,
      w2: 1,
      w3: 1,
    });
    // Zones a and b get 3 each, whatever their node counts.
    const p = planPlacement(nodes.slice(0, 3), { replicas: 6, preferences: [{ spread: "node.labels.zone" }] });
    expect(p.perNode).toEqual({ m1: 2, w1: 1, w2: 3 });
  });

  it("caps nodes by max_replicas_per_node and reservations, and says what does not fit", () => {
    const p = planPlacement(nodes, { replicas: 5, maxReplicasPerNode: 1 });
    expect(p).toMatchObject({ unplaced: 1, perNode: { m1: 1, w1: 1, w2: 1, w3: 1 } });
    expect(p.reasons.at(-1)).toMatch(/1 replica\(s\) fit on no node/);
    // Spark batch workers that want 4 cores and 4 GB: one per 4-core node.
    const big = planPlacement(nodes, { replicas: 3, reservations: { nanoCpus: 4e9, memoryBytes: 4 * 1024 ** 3 } });
    expect(Object.values(big.perNode).every((n) => n === 1)).toBe(true);
    expect(planPlacement(nodes, { replicas: 1, constraints: ["node.labels.gpu==yes"] }).reasons).toContain(
      "no node matches node.labels.gpu==yes",
    );
  });

  it("places a global service once on every eligible node", () => {
    expect(planPlacement(nodes, { replicas: null, constraints: ["node.labels.zone==b"] }).perNode).toEqual({
      w2: 1,
      w3: 1,
    });
  });
});
