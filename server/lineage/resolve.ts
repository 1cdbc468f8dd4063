import "server-only";
import type { Db } from "../adapters/db/index.ts";
import { ConflictError, NotFoundError } from "../errors.ts";

export type NodeKind = "dataset" | "job";
type Named = { id: string; namespace: string; name: string };

/** How many `/` of a reference are tried as the namespace/name boundary (names and namespaces hold `/` too). */
const MAX_SPLITS = 64;
/** Candidates listed at most in a 409. */
const MAX_CANDIDATES = 20;

/** More than one dataset or job answers to a reference: the problem lists them so the caller can name one. */
export class AmbiguousReferenceError extends ConflictError {
  constructor(
    ref: string,
    readonly kind: NodeKind,
    readonly candidates: Named[],
  ) {
    super(`more than one ${kind} answers to ${ref}: give one as namespace/name or by its id (candidates listed)`);
  }
  override extensions() {
    return {
      candidates: this.candidates.map((c) => ({
        kind: this.kind,
        [this.kind]: `${c.namespace}/${c.name}`,
        id: c.id,
        namespace: c.namespace,
        name: c.name,
      })),
    };
  }
}

/** Every way to read `ref` as `<namespace>/<name>`: `postgres://host:5432/db.schema.table` splits at its last `/`, the seed's `nexus/silver/x` at its first. */
export function namespaceSplits(ref: string): { namespace: string; name: string }[] {
  const out: { namespace: string; name: string }[] = [];
  for (let i = ref.indexOf("/"); i > 0 && i < ref.length - 1 && out.length < MAX_SPLITS; i = ref.indexOf("/", i + 1)) {
    out.push({ namespace: ref.slice(0, i), name: ref.slice(i + 1) });
  }
  return out;
}

async function find(db: Db, kind: NodeKind, where: object): Promise<Named[]> {
  const args = {
    where,
    select: { id: true, namespace: true, name: true },
    orderBy: [{ namespace: "asc" as const }, { name: "asc" as const }],
    take: MAX_CANDIDATES,
  };
  return kind === "dataset" ? db.lineageDataset.findMany(args) : db.lineageJob.findMany(args);
}

/**
 * What a reference may name, most specific first: an id; else `namespace/name` (at any `/`) together with a name
 * alone in any namespace (both exact, so both count); else, for datasets, the table of the seed's `layer/table` names.
 */
async function candidates(db: Db, kind: NodeKind, ref: string): Promise<Named[]> {
  const byId = await find(db, kind, { id: ref });
  if (byId.length) return byId;
  const exact = await find(db, kind, { OR: [{ name: ref }, ...namespaceSplits(ref)] });
  if (exact.length || kind === "job" || ref.includes("/")) return exact;
  return find(db, kind, { name: { endsWith: `/${ref}` } });
}

function one(ref: string, kind: NodeKind, found: Named[]): Named {
  if (found.length > 1) throw new AmbiguousReferenceError(ref, kind, found);
  if (!found[0]) throw new NotFoundError(`no ${kind} ${ref}: give namespace/name, an id, or a name that is unique`);
  return found[0];
}

/** The one dataset `ref` names (see `candidates`): NotFoundError when none, AmbiguousReferenceError (409) when several. */
export async function resolveDataset(db: Db, ref: string): Promise<Named> {
  return one(ref, "dataset", await candidates(db, "dataset", ref));
}

/**
 * A graph node's key from `dataset:<ref>`, `job:<ref>`, or a bare reference (a dataset's first, else a job's), each
 * `ref` an id, `namespace/name` or a unique name.
 */
export async function resolveNode(db: Db, node: string): Promise<string> {
  const m = /^(dataset|job):(.+)$/s.exec(node);
  if (m) {
    const kind = m[1] as NodeKind;
    return `${kind}:${one(m[2]!, kind, await candidates(db, kind, m[2]!)).id}`;
  }
  const datasets = await candidates(db, "dataset", node);
  if (datasets.length) return `dataset:${one(node, "dataset", datasets).id}`;
  const jobs = await candidates(db, "job", node);
  if (jobs.length) return `job:${one(node, "job", jobs).id}`;
  throw new NotFoundError(`no dataset or job ${node}: give namespace/name, an id, or a name that is unique`);
}

/** The forms a dataset reference takes, for the OpenAPI descriptions of `dataset=` and `node=`. */
export const DATASET_REFERENCE_FORMS =
  "`namespace/name` as the datasets list shows it (e.g. `postgres://host:5432/db.schema.table`, " +
  "`s3a://bronze/app_events`, `nexus/silver/app_events_cleaned`), a dataset's `id` from `/api/v1/lineage/datasets`, or a name alone " +
  "when exactly one dataset has it (the seed's `layer/table` names also by their table). A name several datasets share answers 409 " +
  "with the `candidates` (namespace/name and id); an unknown one 404.";
