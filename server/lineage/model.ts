import "server-only";
import { createHash } from "node:crypto";
import { Prisma } from "../../prisma/generated/client.ts";
import type { EventType } from "./openlineage.ts";

/** A transaction client or the client itself: the derived-model writers run inside the ingest transaction. */
export type Tx = Prisma.TransactionClient;

/**
 * JSON with object keys sorted, written in one pass: the same event sent twice, whatever its key order, has one
 * text (and hash). Same output as JSON.stringify of a key-sorted copy, for values JSON.parse produced.
 */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) {
    let out = "[";
    for (let i = 0; i < v.length; i++) out += (i ? "," : "") + canonicalJson(v[i]);
    return `${out}]`;
  }
  const o = v as Record<string, unknown>;
  // As a JS object orders them: array-index keys first, ascending (Object.keys lists them so), then the rest sorted.
  const keys = Object.keys(o);
  let idx = 0;
  while (idx < keys.length && isIndexKey(keys[idx]!)) idx++;
  if (idx < keys.length) keys.splice(idx, keys.length - idx, ...keys.slice(idx).sort());
  let out = "{",
    first = true;
  for (const k of keys) {
    if (o[k] === undefined) continue;
    out += `${first ? "" : ","}${JSON.stringify(k)}:${canonicalJson(o[k])}`;
    first = false;
  }
  return `${out}}`;
}

const isIndexKey = (k: string) => /^(0|[1-9]\d{0,9})$/.test(k) && Number(k) < 4294967295;

export function canonicalHash(v: unknown): string {
  return createHash("sha256").update(canonicalJson(v)).digest("hex");
}

export const LAYERS = ["bronze", "silver", "gold"] as const;
export type Layer = (typeof LAYERS)[number];

/** The medallion layer a dataset belongs to, from its name or namespace (s3a://bronze/…, iceberg.silver.x, gold/x). */
export function detectLayer(namespace: string, name: string): Layer | null {
  const hay = `${namespace}/${name}`.toLowerCase();
  for (const l of LAYERS) if (new RegExp(`(^|[/.:_-])${l}([/._-]|$)`).test(hay)) return l;
  return null;
}

const RANK: Record<EventType, number> = { START: 1, RUNNING: 2, OTHER: 2, COMPLETE: 3, FAIL: 3, ABORT: 3 };

/**
 * Run state from events that may arrive out of order: a later stage wins over an earlier one whatever
 * the arrival order (COMPLETE before START ends COMPLETE); within a stage the later eventTime wins.
 */
export function nextState(
  current: { state: string; stateTime: Date } | null,
  incoming: { type: EventType; time: Date },
): { state: string; stateTime: Date } {
  if (!current) return { state: incoming.type, stateTime: incoming.time };
  const cur = RANK[current.state as EventType] ?? 0;
  const inc = RANK[incoming.type];
  if (inc > cur || (inc === cur && incoming.time >= current.stateTime))
    return { state: incoming.type, stateTime: incoming.time };
  return current;
}

export const datasetKey = (id: string) => `dataset:${id}`;
export const jobKey = (id: string) => `job:${id}`;

/**
 * Insert-or-merge in one statement (the ingest path runs these for every event): facets are merged with
 * jsonb `||`, a layer or schema already known is kept unless the report brings one.
 */
export async function upsertDataset(
  tx: Tx,
  d: { namespace: string; name: string; facets?: Record<string, unknown>; layer?: string | null },
): Promise<{ id: string; name: string; namespace: string; layer: string | null }> {
  const schema = (d.facets?.schema as { fields?: unknown } | undefined)?.fields
    ? JSON.stringify(d.facets!.schema)
    : null;
  const layer = d.layer ?? detectLayer(d.namespace, d.name);
  const rows = await tx.$queryRaw<{ id: string; name: string; namespace: string; layer: string | null }[]>`
    INSERT INTO "LineageDataset" (id, namespace, name, layer, schema, facets, "createdAt", "updatedAt")
    VALUES (gen_random_uuid()::text, ${d.namespace}, ${d.name}, ${layer}, ${schema}::jsonb, ${JSON.stringify(d.facets ?? {})}::jsonb, now(), now())
    ON CONFLICT (namespace, name) DO UPDATE SET
      layer = COALESCE(EXCLUDED.layer, "LineageDataset".layer),
      schema = COALESCE(EXCLUDED.schema, "LineageDataset".schema),
      facets = "LineageDataset".facets || EXCLUDED.facets,
      "updatedAt" = now()
    RETURNING id, name, namespace, layer`;
  return rows[0]!;
}

export async function upsertJob(
  tx: Tx,
  j: { namespace: string; name: string; facets?: Record<string, unknown> },
): Promise<{ id: string }> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "LineageJob" (id, namespace, name, facets, "createdAt", "updatedAt")
    VALUES (gen_random_uuid()::text, ${j.namespace}, ${j.name}, ${JSON.stringify(j.facets ?? {})}::jsonb, now(), now())
    ON CONFLICT (namespace, name) DO UPDATE SET facets = "LineageJob".facets || EXCLUDED.facets, "updatedAt" = now()
    RETURNING id`;
  return rows[0]!;
}

/** How an edge already stored takes a new report of it: its job, and the counts and run the report has. */
export const EDGE_ON_CONFLICT = `ON CONFLICT ("fromKey", "toKey") DO UPDATE SET
  "jobId" = EXCLUDED."jobId",
  "rowsIn" = COALESCE(EXCLUDED."rowsIn", "LineageEdge"."rowsIn"),
  "rowsOut" = COALESCE(EXCLUDED."rowsOut", "LineageEdge"."rowsOut"),
  "lastRunId" = COALESCE(EXCLUDED."lastRunId", "LineageEdge"."lastRunId"),
  "updatedAt" = now()`;

export async function upsertEdge(
  tx: Tx,
  e: {
    from: string;
    to: string;
    jobId: string;
    rowsIn?: number | null;
    rowsOut?: number | null;
    runId?: string | null;
  },
) {
  await tx.$executeRaw`
    INSERT INTO "LineageEdge" ("fromKey", "toKey", "jobId", "rowsIn", "rowsOut", "lastRunId", "updatedAt")
    VALUES (${e.from}, ${e.to}, ${e.jobId}, ${e.rowsIn ?? null}::float8, ${e.rowsOut ?? null}::float8, ${e.runId ?? null}, now())
    ${Prisma.raw(EDGE_ON_CONFLICT)}`;
}

export type CheckResult = {
  check: string;
  status: "PASSED" | "FAILED" | "WARNING";
  message?: string | null;
  column?: string | null;
};

/** The seed's score: 100 × PASSED / all checks (WARNING is not a pass); 0 when nothing was checked. */
export function scoreOf(checks: CheckResult[]): number {
  return checks.length ? (100 * checks.filter((c) => c.status === "PASSED").length) / checks.length : 0;
}

export async function addQualityResult(
  tx: Tx,
  q: {
    datasetId: string;
    layer: string | null;
    checks: CheckResult[];
    score?: number | null;
    source: string;
    runId?: string | null;
    at?: Date;
  },
) {
  const score = q.score ?? scoreOf(q.checks);
  return tx.qualityResult.create({
    data: {
      datasetId: q.datasetId,
      layer: q.layer,
      score: Math.max(0, Math.min(100, score)),
      passed: q.checks.filter((c) => c.status === "PASSED").length,
      failed: q.checks.filter((c) => c.status === "FAILED").length,
      checks: q.checks as unknown as Prisma.InputJsonValue,
      source: q.source,
      runId: q.runId ?? null,
      ...(q.at ? { createdAt: q.at } : {}),
    },
  });
}
