import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/databases.ts";
import type { DbHandle } from "../adapters/db/index.ts";
import { NotFoundError } from "../errors.ts";
import { ingestLineage } from "./ingest.ts";
import { facet, P, S } from "./run-event.fixture.ts";
import { getRun } from "./run-tree.ts";

describe.each(testDatabases())("a run's parent and children on $name", (database) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await database.open();
  });
  afterAll(async () => {
    await h?.close();
  });

  const ns = `tree-${randomUUID().slice(0, 6)}`;
  const event = (job: string, runId: string, eventType: string, at: string, parent?: { id: string; job: string }) => ({
    eventType,
    eventTime: `2026-11-30T10:00:${at}Z`,
    producer: P,
    schemaURL: S,
    run: {
      runId,
      facets: parent
        ? { parent: facet("ParentRunFacet", { run: { runId: parent.id }, job: { namespace: ns, name: parent.job } }) }
        : {},
    },
    job: { namespace: ns, name: job },
  });

  it("nests task runs under their DAG run, in start order, and names a parent that has not arrived yet", async () => {
    const dag = { id: randomUUID(), job: "etl" };
    const tasks = [
      ["etl.c", "20", "25", "FAIL"],
      ["etl.a", "00", "08", "COMPLETE"],
      ["etl.b", "09", "19", "COMPLETE"],
    ] as const;
    const ids = new Map<string, string>();
    for (const [job, start, end, state] of tasks) {
      const id = randomUUID();
      ids.set(job, id);
      for (const e of [event(job, id, "START", start, dag), event(job, id, state, end, dag)])
        await ingestLineage(h, e, null);
    }
    // No event of the DAG run yet (Airflow's dags test sends its end only): the child names it from its facet.
    const early = await getRun(h.prisma, ids.get("etl.a")!);
    expect(early.parent).toEqual({ id: dag.id, job: `${ns}/etl`, run: null });

    await ingestLineage(h, event("etl", dag.id, "FAIL", "26"), null);
    // A SQL statement under task b: b counts one child.
    await ingestLineage(
      h,
      event("etl.b.query.1", randomUUID(), "COMPLETE", "10", { id: ids.get("etl.b")!, job: "etl.b" }),
      null,
    );

    const tree = await getRun(h.prisma, dag.id);
    expect(tree).toMatchObject({ jobName: "etl", jobNamespace: ns, state: "FAIL", parent: null, childCount: 3 });
    expect(tree.children.map((c) => `${c.job} ${c.state} ${c.durationSeconds} ${c.childCount}`)).toEqual([
      `${ns}/etl.a COMPLETE 8 0`,
      `${ns}/etl.b COMPLETE 10 1`,
      `${ns}/etl.c FAIL 5 0`,
    ]);
    expect(tree.childrenTruncated).toBe(false);
    const child = await getRun(h.prisma, ids.get("etl.c")!);
    expect(child.parent).toMatchObject({
      id: dag.id,
      job: `${ns}/etl`,
      run: { id: dag.id, state: "FAIL", childCount: 3 },
    });
    expect(child.children).toEqual([]);
  });

  it("answers 404 for a run that does not exist", async () => {
    await expect(getRun(h.prisma, randomUUID())).rejects.toBeInstanceOf(NotFoundError);
  });
});
