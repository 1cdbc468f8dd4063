import "server-only";
import type { Db } from "../adapters/db/index.ts";
import { NotFoundError } from "../errors.ts";
import type { CheckOutcome, GraphResult } from "./contract.ts";
import { datasetQuality, qualityHistory } from "./quality-state.ts";
import { resolveNode } from "./resolve.ts";

type RunRow = Awaited<ReturnType<Db["lineageRun"]["findMany"]>>[number];

export function runView(r: RunRow, jobName?: string) {
  return {
    id: r.id,
    jobId: r.jobId,
    job: jobName ?? null,
    state: r.state,
    startedAt: r.startedAt?.toISOString() ?? null,
    endedAt: r.endedAt?.toISOString() ?? null,
    durationSeconds: r.startedAt && r.endedAt ? (r.endedAt.getTime() - r.startedAt.getTime()) / 1000 : null,
    rowsIn: r.rowsIn,
    rowsOut: r.rowsOut,
    errorMessage: r.errorMessage,
    parentRunId: r.parentRunId,
    nominalStart: r.nominalStart?.toISOString() ?? null,
  };
}

export async function listNamespaces(db: Db) {
  const [d, j] = await Promise.all([
    db.lineageDataset.groupBy({ by: ["namespace"], _count: { _all: true } }),
    db.lineageJob.groupBy({ by: ["namespace"], _count: { _all: true } }),
  ]);
  const m = new Map<string, { datasets: number; jobs: number }>();
  for (const x of d) m.set(x.namespace, { datasets: x._count._all, jobs: 0 });
  for (const x of j) m.set(x.namespace, { datasets: m.get(x.namespace)?.datasets ?? 0, jobs: x._count._all });
  return { namespaces: [...m].map(([name, c]) => ({ name, ...c })).sort((a, b) => a.name.localeCompare(b.name)) };
}

export async function listDatasets(db: Db, q: { search?: string; layer?: string; namespace?: string; limit: number }) {
  const rows = await db.lineageDataset.findMany({
    where: {
      ...(q.search ? { name: { contains: q.search, mode: "insensitive" } } : {}),
      ...(q.layer ? { layer: q.layer } : {}),
      ...(q.namespace ? { namespace: q.namespace } : {}),
    },
    orderBy: [{ namespace: "asc" }, { name: "asc" }],
    take: q.limit,
  });
  const scores = await datasetQuality(
    db,
    rows.map((r) => r.id),
  );
  return {
    datasets: rows.map((r) => ({
      id: r.id,
      namespace: r.namespace,
      name: r.name,
      layer: r.layer,
      qualityScore: scores.get(r.id)?.score ?? null,
      updatedAt: r.updatedAt.toISOString(),
    })),
  };
}

export async function getDataset(db: Db, id: string) {
  const d = await db.lineageDataset.findUnique({ where: { id } });
  if (!d) throw new NotFoundError(`dataset ${id} does not exist`);
  const key = `dataset:${id}`;
  const [ins, outs, quality, now] = await Promise.all([
    db.lineageEdge.findMany({ where: { toKey: key } }), // job -> dataset: producers
    db.lineageEdge.findMany({ where: { fromKey: key } }), // dataset -> job: consumers
    qualityHistory(db, id, 200),
    datasetQuality(db, [id]).then((m) => m.get(id)),
  ]);
  const jobIds = [...new Set([...ins, ...outs].map((e) => e.jobId))];
  const [jobs, runs] = await Promise.all([
    db.lineageJob.findMany({ where: { id: { in: jobIds } } }),
    db.lineageRun.findMany({
      where: { jobId: { in: ins.map((e) => e.jobId) } },
      orderBy: { createdAt: "desc" },
      take: 50,
    }),
  ]);
  const jobName = new Map(jobs.map((j) => [j.id, `${j.namespace}/${j.name}`]));
  // Datasets one job away on each side.
  const upstreamEdges = await db.lineageEdge.findMany({ where: { toKey: { in: ins.map((e) => `job:${e.jobId}`) } } });
  const downstreamEdges = await db.lineageEdge.findMany({
    where: { fromKey: { in: outs.map((e) => `job:${e.jobId}`) } },
  });
  const neighbourIds = [...upstreamEdges.map((e) => e.fromKey), ...downstreamEdges.map((e) => e.toKey)]
    .filter((k) => k.startsWith("dataset:"))
    .map((k) => k.slice(8));
  const neighbours = new Map(
    (await db.lineageDataset.findMany({ where: { id: { in: neighbourIds } } })).map((x) => [x.id, x]),
  );
  const ref = (k: string) => {
    const x = neighbours.get(k.slice(8));
    return x ? { id: x.id, namespace: x.namespace, name: x.name, layer: x.layer } : null;
  };
  return {
    id: d.id,
    namespace: d.namespace,
    name: d.name,
    layer: d.layer,
    schema: d.schema,
    facets: d.facets,
    producers: ins.map((e) => ({ jobId: e.jobId, job: jobName.get(e.jobId) ?? e.jobId, rowsOut: e.rowsOut })),
    consumers: outs.map((e) => ({ jobId: e.jobId, job: jobName.get(e.jobId) ?? e.jobId, rowsIn: e.rowsIn })),
    upstream: upstreamEdges.map((e) => ref(e.fromKey)).filter((x) => x !== null),
    downstream: downstreamEdges.map((e) => ref(e.toKey)).filter((x) => x !== null),
    // The gate's view: each check by its latest outcome, and the score they give.
    qualityScore: now?.score ?? null,
    checks: now?.checks ?? ([] as CheckOutcome[]),
    quality,
    recentRuns: runs.map((r) => runView(r, jobName.get(r.jobId))),
  };
}

export async function listJobs(db: Db, q: { search?: string; namespace?: string; limit: number }) {
  const rows = await db.lineageJob.findMany({
    where: {
      ...(q.search ? { name: { contains: q.search, mode: "insensitive" } } : {}),
      ...(q.namespace ? { namespace: q.namespace } : {}),
    },
    orderBy: [{ namespace: "asc" }, { name: "asc" }],
    take: q.limit,
  });
  const last = rows.length
    ? await db.$queryRaw<{ jobId: string; state: string; createdAt: Date }[]>`
    SELECT DISTINCT ON ("jobId") "jobId", state, "createdAt" FROM "LineageRun" WHERE "jobId" = ANY(${rows.map((r) => r.id)}::text[]) ORDER BY "jobId", "createdAt" DESC`
    : [];
  const byJob = new Map(last.map((r) => [r.jobId, r]));
  return {
    jobs: rows.map((j) => ({
      id: j.id,
      namespace: j.namespace,
      name: j.name,
      lastState: byJob.get(j.id)?.state ?? null,
      lastRunAt: byJob.get(j.id)?.createdAt.toISOString() ?? null,
    })),
  };
}

export async function getJob(db: Db, id: string) {
  const j = await db.lineageJob.findUnique({ where: { id } });
  if (!j) throw new NotFoundError(`job ${id} does not exist`);
  const [runs, ins, outs] = await Promise.all([
    db.lineageRun.findMany({ where: { jobId: id }, orderBy: { createdAt: "desc" }, take: 200 }),
    db.lineageEdge.findMany({ where: { toKey: `job:${id}` } }),
    db.lineageEdge.findMany({ where: { fromKey: `job:${id}` } }),
  ]);
  const ds = new Map(
    (
      await db.lineageDataset.findMany({
        where: { id: { in: [...ins.map((e) => e.fromKey.slice(8)), ...outs.map((e) => e.toKey.slice(8))] } },
      })
    ).map((d) => [d.id, d]),
  );
  const ref = (id2: string) => {
    const d = ds.get(id2);
    return d ? { id: d.id, namespace: d.namespace, name: d.name, layer: d.layer } : null;
  };
  return {
    id: j.id,
    namespace: j.namespace,
    name: j.name,
    facets: j.facets,
    inputs: ins.map((e) => ref(e.fromKey.slice(8))).filter((x) => x !== null),
    outputs: outs.map((e) => ref(e.toKey.slice(8))).filter((x) => x !== null),
    runs: runs.map((r) => runView(r, `${j.namespace}/${j.name}`)),
  };
}

export async function listRuns(db: Db, q: { jobId?: string; state?: string; limit: number }) {
  const rows = await db.lineageRun.findMany({
    where: { jobId: q.jobId, state: q.state },
    orderBy: { createdAt: "desc" },
    take: q.limit,
  });
  const jobs = new Map(
    (await db.lineageJob.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.jobId))] } } })).map((j) => [
      j.id,
      `${j.namespace}/${j.name}`,
    ]),
  );
  return { runs: rows.map((r) => runView(r, jobs.get(r.jobId))) };
}

/**
 * The lineage graph around a node, upstream, downstream or both, up to `depth` hops (dataset -> job and
 * job -> dataset each count as one), with run state, quality and row counts for drawing.
 */
export async function lineageGraph(
  db: Db,
  q: { node: string; direction: "upstream" | "downstream" | "both"; depth: number },
): Promise<GraphResult> {
  const start = await resolveNode(db, q.node);
  const walk = async (dir: "down" | "up") =>
    dir === "down"
      ? db.$queryRaw<{ key: string; depth: number }[]>`
        WITH RECURSIVE walk(key, depth) AS (
          SELECT ${start}::text, 0
          UNION
          SELECT e."toKey", w.depth + 1 FROM walk w JOIN "LineageEdge" e ON e."fromKey" = w.key WHERE w.depth < ${q.depth}
        ) SELECT key, min(depth)::int AS depth FROM walk GROUP BY key`
      : db.$queryRaw<{ key: string; depth: number }[]>`
        WITH RECURSIVE walk(key, depth) AS (
          SELECT ${start}::text, 0
          UNION
          SELECT e."fromKey", w.depth + 1 FROM walk w JOIN "LineageEdge" e ON e."toKey" = w.key WHERE w.depth < ${q.depth}
        ) SELECT key, min(depth)::int AS depth FROM walk GROUP BY key`;
  const found = new Map<string, number>();
  const sides =
    q.direction === "both"
      ? (["down", "up"] as const)
      : q.direction === "downstream"
        ? (["down"] as const)
        : (["up"] as const);
  // Hops from the root; a node reached both ways keeps the shorter.
  for (const s of sides)
    for (const r of await walk(s)) found.set(r.key, Math.min(found.get(r.key) ?? Infinity, Number(r.depth)));
  const keys = [...found.keys()];
  const edges = await db.$queryRaw<
    { fromKey: string; toKey: string; jobId: string; rowsIn: number | null; rowsOut: number | null }[]
  >`
    SELECT "fromKey", "toKey", "jobId", "rowsIn", "rowsOut" FROM "LineageEdge" WHERE "fromKey" = ANY(${keys}::text[]) AND "toKey" = ANY(${keys}::text[])`;
  const dsIds = keys.filter((k) => k.startsWith("dataset:")).map((k) => k.slice(8));
  const jobIds = keys.filter((k) => k.startsWith("job:")).map((k) => k.slice(4));
  const [datasets, jobs, scores, lastRuns] = await Promise.all([
    db.lineageDataset.findMany({
      where: { id: { in: dsIds } },
      select: { id: true, namespace: true, name: true, layer: true },
    }),
    db.lineageJob.findMany({ where: { id: { in: jobIds } }, select: { id: true, namespace: true, name: true } }),
    datasetQuality(db, dsIds),
    jobIds.length
      ? db.$queryRaw<{ jobId: string; state: string; rowsIn: number | null; rowsOut: number | null }[]>`
      SELECT DISTINCT ON ("jobId") "jobId", state, "rowsIn", "rowsOut" FROM "LineageRun" WHERE "jobId" = ANY(${jobIds}::text[]) ORDER BY "jobId", "createdAt" DESC`
      : Promise.resolve([]),
  ]);
  const runOf = new Map(lastRuns.map((r) => [r.jobId, r]));
  return {
    root: start,
    nodes: [
      ...datasets.map((d) => ({
        key: `dataset:${d.id}`,
        kind: "dataset" as const,
        id: d.id,
        namespace: d.namespace,
        name: d.name,
        layer: d.layer,
        depth: found.get(`dataset:${d.id}`) ?? 0,
        qualityScore: scores.get(d.id)?.score ?? null,
        lastState: null,
      })),
      ...jobs.map((j) => ({
        key: `job:${j.id}`,
        kind: "job" as const,
        id: j.id,
        namespace: j.namespace,
        name: j.name,
        layer: null,
        depth: found.get(`job:${j.id}`) ?? 0,
        qualityScore: null,
        lastState: runOf.get(j.id)?.state ?? null,
      })),
    ],
    edges: edges.map((e) => {
      const run = runOf.get(e.jobId);
      // An input edge (dataset -> job) carries what the job read; an output edge (job -> dataset) what it
      // read and wrote, so the loss shows once, where the data lands.
      const output = e.fromKey.startsWith("job:");
      const rowsIn = e.rowsIn ?? run?.rowsIn ?? null;
      const rowsOut = output ? (e.rowsOut ?? run?.rowsOut ?? null) : null;
      return {
        from: e.fromKey,
        to: e.toKey,
        rowsIn,
        rowsOut,
        lossPercent: rowsIn && rowsOut !== null && rowsIn > 0 ? ((rowsIn - rowsOut) / rowsIn) * 100 : null,
      };
    }),
  };
}
