import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/databases.ts";
import type { DbHandle } from "../adapters/db/index.ts";
import { ingestLineage } from "./ingest.ts";
import { lineageGraph } from "./queries.ts";
import { P, S } from "./run-event.fixture.ts";

describe.each(testDatabases())("lineage graph queries on $name", (database) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await database.open();
  });
  afterAll(async () => {
    await h?.close();
  });

  it("answers graph queries on a generated DAG with known answers", async () => {
    // A chain of layers: L0 -> job -> L1 -> job -> L2 ..., 4 datasets per layer, each job reading two datasets.
    const ns = `dag-${randomUUID().slice(0, 6)}`;
    const ds = (l: number, i: number) => ({ namespace: ns, name: `l${l}_d${i}` });
    for (let l = 0; l < 5; l++) {
      for (let i = 0; i < 4; i++) {
        await ingestLineage(
          h,
          {
            eventTime: "2026-11-25T12:00:00Z",
            producer: P,
            schemaURL: S,
            job: { namespace: ns, name: `j${l}_${i}` },
            inputs: [ds(l, i), ds(l, (i + 1) % 4)],
            outputs: [ds(l + 1, i)],
          },
          null,
        );
      }
    }
    // Downstream of l0_d0, 2 hops: j0_0 and j0_3 (both read it), then l1_d0 and l1_d3.
    const two = await lineageGraph(h.prisma, { node: `dataset:l0_d0`, direction: "downstream", depth: 2 });
    expect(two.nodes.map((n) => n.name).sort()).toEqual(["j0_0", "j0_3", "l0_d0", "l1_d0", "l1_d3"]);
    // Upstream of l2_d0, 4 hops: l1_d0, l1_d1 (via j1_0) then l0_d0, l0_d1, l0_d2 (via j0_0, j0_1).
    const up = await lineageGraph(h.prisma, { node: `dataset:l2_d0`, direction: "upstream", depth: 4 });
    expect(
      up.nodes
        .filter((n) => n.kind === "dataset")
        .map((n) => n.name)
        .sort(),
    ).toEqual(["l0_d0", "l0_d1", "l0_d2", "l1_d0", "l1_d1", "l2_d0"]);
    expect(up.edges).toHaveLength(2 + 1 + 4 + 2);
    // Deep enough for all 10 hops: the reach widens by one dataset per layer (each job also reads its neighbour)
    // until it covers a layer: 1 (l0_d0) + 2 + 3 + 4 + 4 + 4.
    const all = await lineageGraph(h.prisma, { node: `dataset:l0_d0`, direction: "downstream", depth: 20 });
    expect(all.nodes.filter((n) => n.kind === "dataset").length).toBe(1 + 2 + 3 + 4 + 4 + 4);
    expect(
      all.nodes
        .filter((n) => n.kind === "dataset" && n.name.startsWith("l2_"))
        .map((n) => n.name)
        .sort(),
    ).toEqual(["l2_d0", "l2_d2", "l2_d3"]);
  });
});
