import "server-only";
import type { Db } from "../adapters/db/index.ts";
import { NotFoundError } from "../errors.ts";
import type { RunDetail } from "./contract.ts";
import { runView } from "./queries.ts";

const CHILD_LIMIT = 500;

type ParentFacet = { run?: { runId?: unknown }; job?: { namespace?: unknown; name?: unknown } };

/** The parent job's namespace/name from the run's parent facet, when it names one. */
function parentJobName(facets: unknown): string | null {
  const p = (facets as { parent?: ParentFacet } | null)?.parent;
  const ns = p?.job?.namespace,
    name = p?.job?.name;
  return typeof ns === "string" && typeof name === "string" ? `${ns}/${name}` : null;
}

async function childCounts(db: Db, ids: string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const rows = await db.lineageRun.groupBy({
    by: ["parentRunId"],
    where: { parentRunId: { in: ids } },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.parentRunId ?? "", r._count._all]));
}

async function jobNames(db: Db, ids: string[]) {
  const jobs = await db.lineageJob.findMany({ where: { id: { in: [...new Set(ids)] } } });
  return new Map(jobs.map((j) => [j.id, j]));
}

/** A run with its parent and its children (one level each way), for the run page's timeline. */
export async function getRun(db: Db, id: string): Promise<RunDetail> {
  const run = await db.lineageRun.findUnique({ where: { id } });
  if (!run) throw new NotFoundError(`run ${id} does not exist`);
  const [parentRun, children] = await Promise.all([
    run.parentRunId ? db.lineageRun.findUnique({ where: { id: run.parentRunId } }) : null,
    db.lineageRun.findMany({
      where: { parentRunId: id },
      orderBy: [{ startedAt: { sort: "asc", nulls: "last" } }, { id: "asc" }],
      take: CHILD_LIMIT + 1,
    }),
  ]);
  const shown = children.slice(0, CHILD_LIMIT);
  const all = [run, ...(parentRun ? [parentRun] : []), ...shown];
  const [jobs, counts] = await Promise.all([
    jobNames(
      db,
      all.map((r) => r.jobId),
    ),
    childCounts(
      db,
      all.map((r) => r.id),
    ),
  ]);
  const node = (r: (typeof all)[number]) => {
    const j = jobs.get(r.jobId);
    return { ...runView(r, j ? `${j.namespace}/${j.name}` : undefined), childCount: counts.get(r.id) ?? 0 };
  };
  const job = jobs.get(run.jobId);
  return {
    ...node(run),
    jobNamespace: job?.namespace ?? "",
    jobName: job?.name ?? run.jobId,
    parent: run.parentRunId
      ? {
          id: run.parentRunId,
          job: parentRun ? node(parentRun).job : parentJobName(run.facets),
          run: parentRun ? node(parentRun) : null,
        }
      : null,
    children: shown.map(node),
    childrenTruncated: children.length > CHILD_LIMIT,
  };
}
