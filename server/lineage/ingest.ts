import { createHash, randomUUID } from "node:crypto";
import { jsonLiteral, type DbHandle, type SqlTx } from "../adapters/db/index.ts";
import { GroupCommit, perKey } from "../adapters/db/group-commit.ts";
import { INSERT_AUDIT_EVENTS, auditRows, type AuditRecord } from "../audit/record-audit-event.ts";
import { ValidationError } from "../errors.ts";
import { canonicalJson, datasetKey, detectLayer, jobKey, nextState, scoreOf, type CheckResult, type Layer } from "./model.ts";
import { parseLineageBody, type LineageBody, type RunEvent } from "./openlineage.ts";

export type IngestResult = { kind: string; duplicate: boolean; eventId: string | null; runId: string | null; skipped: string[] };

type Pending = LineageBody & { hash: string; text: string; receivedBy: string | null; audit?: (r: IngestResult) => AuditRecord };

/** Events written per transaction at most, and their JSON bytes at most (past the first event). */
const MAX_BATCH = 256;
const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Stores a lineage report once (by content hash) and updates namespaces, jobs, runs, datasets, edges and
 * quality results from it. Invalid bodies are a ValidationError listing JSON paths. `audit` gives the audit event
 * to store with it, in the same transaction. Returns once the event and everything derived from it are committed.
 * Events that arrive together are written together, in arrival order, in one transaction (group commit).
 */
export async function ingestLineage(db: DbHandle, body: unknown, receivedBy: string | null, audit?: (r: IngestResult) => AuditRecord): Promise<IngestResult> {
  const parsed = parseLineageBody(body);
  if (!parsed.ok) throw new ValidationError("not a valid lineage event", parsed.problems);
  const nul = nulPath(body, "");
  if (nul !== null) throw new ValidationError("not a valid lineage event", [{ path: nul || "(body)", message: "contains a NUL character (\\u0000), which cannot be stored" }]);
  // Stored as jsonb, which keeps no key order: the canonical text serves for both the hash and the row.
  const text = canonicalJson(body);
  const writer = perKey("lineage-writer", db, () => new GroupCommit<Pending, IngestResult>(
    (items) => db.transaction((tx) => writeBatch(tx, items), { advisoryLock: INGEST_LOCK }),
    { maxItems: MAX_BATCH, maxWeight: MAX_BATCH_BYTES },
  ));
  return writer.submit({ ...parsed.value, hash: createHash("sha256").update(text).digest("hex"), text, receivedBy, audit }, text.length);
}

/** The JSON path of the first string or key holding U+0000 (PostgreSQL's jsonb cannot store it), else null. */
function nulPath(v: unknown, path: string): string | null {
  if (typeof v === "string") return v.includes("\0") ? path : null;
  if (!v || typeof v !== "object") return null;
  for (const [k, x] of Object.entries(v)) {
    const p = path ? `${path}.${k}` : k;
    if (k.includes("\0")) return p;
    const r = nulPath(x, p);
    if (r !== null) return r;
  }
  return null;
}

type Facets = Record<string, Record<string, unknown> | undefined>;
const rowCount = (f: Facets | undefined, ...keys: string[]) => {
  for (const k of keys) {
    const v = f?.[k]?.rowCount;
    if (typeof v === "number") return v;
  }
  return null;
};
const byteCount = (f: Facets | undefined, ...keys: string[]) => {
  for (const k of keys) {
    const v = f?.[k]?.bytes ?? f?.[k]?.size;
    if (typeof v === "number") return v;
  }
  return null;
};
const sum = (xs: (number | null)[]) => (xs.some((x) => x !== null) ? xs.reduce<number>((a, x) => a + (x ?? 0), 0) : null);

/** A LineageRun row as the ingest computes it. */
export type RunRow = {
  id: string; jobId: string; state: string; stateTime: Date; startedAt: Date | null; endedAt: Date | null; nominalStart: Date | null;
  parentRunId: string | null; errorMessage: string | null; rowsIn: number | null; rowsOut: number | null; bytesIn: number | null; bytesOut: number | null;
  facets: Record<string, unknown>;
};

/**
 * A run after one more of its events, whatever order they arrive in: the later stage wins (nextState), the
 * start is the earliest START (or the first event's time until a START comes), the end the latest terminal event;
 * counts, parent, nominal time and error message are replaced by an event that has them; run facets are merged.
 */
export function foldRunEvent(cur: RunRow | null, e: RunEvent, jobId: string): RunRow {
  const time = new Date(e.eventTime);
  const type = e.eventType ?? "OTHER";
  const st = nextState(cur, { type, time });
  const terminal = type === "COMPLETE" || type === "FAIL" || type === "ABORT";
  const rf = e.run.facets as Facets | undefined;
  const parent = (rf?.parent as { run?: { runId?: string } } | undefined)?.run?.runId;
  const nominal = (rf?.nominalTime as { nominalStartTime?: string } | undefined)?.nominalStartTime;
  const err = (rf?.errorMessage as { message?: string } | undefined)?.message;
  const ins = e.inputs ?? [], outs = e.outputs ?? [];
  return {
    id: e.run.runId, jobId, state: st.state, stateTime: st.stateTime,
    startedAt: !cur ? time : type === "START" && (!cur.startedAt || time < cur.startedAt) ? time : cur.startedAt,
    endedAt: terminal && (!cur?.endedAt || time > cur.endedAt) ? time : (cur?.endedAt ?? null),
    nominalStart: nominal ? new Date(nominal) : (cur?.nominalStart ?? null),
    parentRunId: parent ?? cur?.parentRunId ?? null,
    errorMessage: err ?? cur?.errorMessage ?? null,
    rowsIn: sum(ins.map((i) => rowCount(i.inputFacets as Facets, "inputStatistics", "dataQualityMetrics"))) ?? cur?.rowsIn ?? null,
    rowsOut: sum(outs.map((o) => rowCount(o.outputFacets as Facets, "outputStatistics"))) ?? cur?.rowsOut ?? null,
    bytesIn: sum(ins.map((i) => byteCount(i.inputFacets as Facets, "inputStatistics", "dataQualityMetrics"))) ?? cur?.bytesIn ?? null,
    bytesOut: sum(outs.map((o) => byteCount(o.outputFacets as Facets, "outputStatistics"))) ?? cur?.bytesOut ?? null,
    facets: { ...cur?.facets, ...rf },
  };
}

/** A stored run as ENTITIES_SQL reads it: times as epoch milliseconds (drivers would read `timestamp` in local time). */
type StoredRun = Omit<RunRow, "stateTime" | "startedAt" | "endedAt" | "nominalStart"> & { stateTime: number; startedAt: number | null; endedAt: number | null; nominalStart: number | null };
const date = (ms: number | null) => (ms === null ? null : new Date(ms));
const fromStored = (r: StoredRun): RunRow => ({ ...r, stateTime: new Date(r.stateTime), startedAt: date(r.startedAt), endedAt: date(r.endedAt), nominalStart: date(r.nominalStart), facets: r.facets ?? {} });

type Named = { namespace: string; name: string; facets?: Record<string, unknown> };
const nameKey = (x: { namespace: string; name: string }) => `${x.namespace}\u0001${x.name}`;
const LAYERS: readonly string[] = ["bronze", "silver", "gold"];

/** What one batch changes, collected in arrival order before anything is written. */
class BatchPlan {
  jobs = new Map<string, { namespace: string; name: string; facets: Record<string, unknown> }>();
  datasets = new Map<string, { namespace: string; name: string; facets: Record<string, unknown>; schema: unknown; layer: Layer | null }>();
  /** Per item: what to apply once job and dataset ids are known. */
  steps: ((ids: Resolved) => void)[] = [];
  job(j: Named): string {
    const k = nameKey(j);
    const cur = this.jobs.get(k);
    if (cur) Object.assign(cur.facets, j.facets);
    else this.jobs.set(k, { namespace: j.namespace, name: j.name, facets: { ...j.facets } });
    return k;
  }
  dataset(d: Named): string {
    const k = nameKey(d);
    const given = (d as { layer?: unknown }).layer;
    const layer = typeof given === "string" && LAYERS.includes(given) ? (given as Layer) : detectLayer(d.namespace, d.name);
    const schema = (d.facets?.schema as { fields?: unknown } | undefined)?.fields ? d.facets!.schema : null;
    const cur = this.datasets.get(k);
    if (cur) {
      Object.assign(cur.facets, d.facets);
      cur.schema = schema ?? cur.schema;
      cur.layer = layer ?? cur.layer;
    } else this.datasets.set(k, { namespace: d.namespace, name: d.name, facets: { ...d.facets }, schema, layer });
    return k;
  }
}

type Resolved = {
  job: (k: string) => string;
  dataset: (k: string) => { id: string; layer: string | null };
  run: (e: RunEvent, jobId: string) => void;
  newRun: (r: RunRow) => void;
  edge: (e: { from: string; to: string; jobId: string; rowsIn?: number | null; rowsOut?: number | null; runId?: string | null }) => void;
  quality: (q: { datasetId: string; layer: string | null; checks: CheckResult[]; runId: string | null; at: Date }) => void;
};

function planIO(plan: BatchPlan, e: { inputs?: RunEvent["inputs"]; outputs?: RunEvent["outputs"] }, jobK: string, runId: string | null, at: Date) {
  const ins = (e.inputs ?? []).map((i) => ({ k: plan.dataset(i), i }));
  const outs = (e.outputs ?? []).map((o) => ({ k: plan.dataset(o), o }));
  return (r: Resolved) => {
    const jobId = r.job(jobK);
    for (const { k, i } of ins) {
      const d = r.dataset(k);
      r.edge({ from: datasetKey(d.id), to: jobKey(jobId), jobId, rowsIn: rowCount(i.inputFacets as Facets, "inputStatistics", "dataQualityMetrics"), runId });
      assertionsToQuality(r, d, { ...(i.facets as Facets), ...(i.inputFacets as Facets) }, runId, at);
    }
    for (const { k, o } of outs) {
      const d = r.dataset(k);
      r.edge({ from: jobKey(jobId), to: datasetKey(d.id), jobId, rowsOut: rowCount(o.outputFacets as Facets, "outputStatistics"), runId });
      assertionsToQuality(r, d, o.facets as Facets, runId, at);
    }
  };
}

function assertionsToQuality(r: Resolved, d: { id: string; layer: string | null }, f: Facets | undefined, runId: string | null, at: Date) {
  const a = f?.dataQualityAssertions?.assertions as { assertion: string; success: boolean; column?: string }[] | undefined;
  if (!a?.length) return;
  const checks: CheckResult[] = a.map((x) => ({ check: x.assertion, status: x.success ? "PASSED" : "FAILED", column: x.column ?? null }));
  r.quality({ datasetId: d.id, layer: d.layer, checks, runId, at });
}

/** Plans one new event; returns what its result says it skipped. */
function planEvent(plan: BatchPlan, it: Pending): string[] {
  switch (it.kind) {
    case "run": {
      const e = it.event;
      const jk = plan.job(e.job);
      const io = planIO(plan, e, jk, e.run.runId, new Date(e.eventTime));
      plan.steps.push((r) => { r.run(e, r.job(jk)); io(r); });
      return [];
    }
    case "job": {
      const e = it.event;
      const jk = plan.job(e.job);
      plan.steps.push(planIO(plan, e, jk, null, new Date(e.eventTime)));
      return [];
    }
    case "dataset":
      plan.dataset(it.event.dataset);
      return [];
    case "openmetadata-edge": {
      // The seed's LineageTracker edge: table ids, "unknown" where the tracker had none (contracts.md 3.2).
      const e = it.event;
      const at = new Date();
      const jk = plan.job({ namespace: "seed", name: e.pipeline?.name || (e.description?.replace(/ event$/, "") ?? "openmetadata") });
      const from = e.edge.fromEntity.id, to = e.edge.toEntity.id;
      const fk = from !== "unknown" ? plan.dataset({ namespace: "seed", name: from }) : null;
      const tk = to !== "unknown" ? plan.dataset({ namespace: "seed", name: to }) : null;
      plan.steps.push((r) => {
        const jobId = r.job(jk), runId = randomUUID();
        r.newRun({ id: runId, jobId, state: "COMPLETE", stateTime: at, startedAt: at, endedAt: at, nominalStart: null, parentRunId: null, errorMessage: null, rowsIn: null, rowsOut: null, bytesIn: null, bytesOut: null, facets: {} });
        if (fk) r.edge({ from: datasetKey(r.dataset(fk).id), to: jobKey(jobId), jobId, runId });
        if (tk) r.edge({ from: jobKey(jobId), to: datasetKey(r.dataset(tk).id), jobId, runId });
      });
      return [
        ...(fk ? [] : ["edge.fromEntity.id is \"unknown\": no input dataset recorded"]),
        ...(tk ? [] : ["edge.toEntity.id is \"unknown\": no output dataset recorded"]),
      ];
    }
  }
}

/** `{...fields, "body": <text>}` without serializing the event a second time. */
const withBody = (fields: Record<string, unknown>, text: string) => `${JSON.stringify(fields).slice(0, -1)},"body":${text}}`;
const iso = (d: Date | null) => (d ? d.toISOString() : null);
/** SQL with its $n parameters replaced by literals: numbers as they are, strings as jsonb. */
const inline = (sql: string, params: (string | number)[]) =>
  sql.replace(/\$(\d+)/g, (_, n: string) => { const p = params[Number(n) - 1]!; return typeof p === "number" ? String(p) : jsonLiteral(p); });
/** Rows in key order, so that concurrent writers lock them in one order. */
const sorted = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);

/** Jobs and datasets upserted (`guard`: a WHERE clause deciding whether they are), as CTEs `j` and `d`. */
const entityCtes = (jobs: string, datasets: string, guard = "") => `j AS (
  INSERT INTO "LineageJob" (id, namespace, name, facets, "createdAt", "updatedAt")
  SELECT gen_random_uuid()::text, r.namespace, r.name, r.facets, now(), now()
  FROM jsonb_to_recordset(${jobs}::jsonb) AS r(namespace text, name text, facets jsonb) ${guard}
  ON CONFLICT (namespace, name) DO UPDATE SET facets = "LineageJob".facets || EXCLUDED.facets, "updatedAt" = now()
  RETURNING id, namespace, name),
d AS (
  INSERT INTO "LineageDataset" (id, namespace, name, layer, schema, facets, "createdAt", "updatedAt")
  SELECT gen_random_uuid()::text, r.namespace, r.name, r.layer, r.schema, r.facets, now(), now()
  FROM jsonb_to_recordset(${datasets}::jsonb) AS r(namespace text, name text, layer text, schema jsonb, facets jsonb) ${guard}
  ON CONFLICT (namespace, name) DO UPDATE SET
    layer = COALESCE(EXCLUDED.layer, "LineageDataset".layer),
    schema = COALESCE(EXCLUDED.schema, "LineageDataset".schema),
    facets = "LineageDataset".facets || EXCLUDED.facets,
    "updatedAt" = now()
  RETURNING id, namespace, name, layer)`;

/** The rows of `j` and `d`, and the stored state of the runs listed in `runIds` (times as epoch milliseconds). */
const entityRows = (runIds: string) => `SELECT 'job' AS t, id, namespace, name, NULL::text AS layer, NULL::jsonb AS run FROM j
UNION ALL SELECT 'dataset', id, namespace, name, layer, NULL FROM d
UNION ALL SELECT 'run', id, NULL, NULL, NULL, jsonb_build_object('id', id, 'jobId', "jobId", 'state', state,
  ${["stateTime", "startedAt", "endedAt", "nominalStart"].map((c) => `'${c}', (extract(epoch from "${c}") * 1000)::float8`).join(", ")},
  'parentRunId', "parentRunId", 'errorMessage', "errorMessage", 'rowsIn', "rowsIn", 'rowsOut', "rowsOut", 'bytesIn', "bytesIn", 'bytesOut', "bytesOut", 'facets', facets)
  FROM "LineageRun" WHERE id IN (SELECT jsonb_array_elements_text(${runIds}::jsonb))`;

/**
 * The batch's first statement: its events stored ('event' rows; a hash already stored comes back as a 'stored'
 * row), and, when every event was new (the usual case), its jobs and datasets upserted and its runs read.
 */
const EVENTS_SQL = `WITH ins AS (
  INSERT INTO "LineageEvent" (id, hash, kind, "eventType", "eventTime", "runId", body, "receivedAt", "receivedBy")
  SELECT r.id, r.hash, r.kind, r."eventType", r."eventTime", r."runId", r.body, now(), r."receivedBy"
  FROM jsonb_to_recordset($1::jsonb) AS r(id text, hash text, kind text, "eventType" text, "eventTime" timestamp(3), "runId" text, body jsonb, "receivedBy" text)
  ON CONFLICT (hash) DO NOTHING RETURNING id, hash),
${entityCtes("$3", "$4", "WHERE (SELECT count(*) FROM ins) = $5::bigint")}
SELECT 'event' AS t, id, hash AS namespace, NULL AS name, NULL::text AS layer, NULL::jsonb AS run FROM ins
UNION ALL SELECT 'stored', e.id, e.hash, NULL, NULL, NULL FROM "LineageEvent" e WHERE e.hash IN (SELECT jsonb_array_elements_text($2::jsonb))
UNION ALL ${entityRows("$6")}`;

/** Jobs and datasets upserted and runs read, when the first statement found some events already stored. */
const ENTITIES_SQL = `WITH ${entityCtes("$1", "$2")} ${entityRows("$3")}`;

/** Runs, edges, quality results and audit events written; all four inserts run whether or not they have rows. */
const CHANGES_SQL = `WITH r AS (
  INSERT INTO "LineageRun" (id, "jobId", state, "stateTime", "startedAt", "endedAt", "nominalStart", "parentRunId", "errorMessage", "rowsIn", "rowsOut", "bytesIn", "bytesOut", facets, "createdAt", "updatedAt")
  SELECT r.id, r."jobId", r.state, r."stateTime", r."startedAt", r."endedAt", r."nominalStart", r."parentRunId", r."errorMessage", r."rowsIn", r."rowsOut", r."bytesIn", r."bytesOut", r.facets, now(), now()
  FROM jsonb_to_recordset($1::jsonb) AS r(id text, "jobId" text, state text, "stateTime" timestamp(3), "startedAt" timestamp(3), "endedAt" timestamp(3), "nominalStart" timestamp(3),
    "parentRunId" text, "errorMessage" text, "rowsIn" float8, "rowsOut" float8, "bytesIn" float8, "bytesOut" float8, facets jsonb)
  ON CONFLICT (id) DO UPDATE SET "jobId" = EXCLUDED."jobId", state = EXCLUDED.state, "stateTime" = EXCLUDED."stateTime", "startedAt" = EXCLUDED."startedAt",
    "endedAt" = EXCLUDED."endedAt", "nominalStart" = EXCLUDED."nominalStart", "parentRunId" = EXCLUDED."parentRunId", "errorMessage" = EXCLUDED."errorMessage",
    "rowsIn" = EXCLUDED."rowsIn", "rowsOut" = EXCLUDED."rowsOut", "bytesIn" = EXCLUDED."bytesIn", "bytesOut" = EXCLUDED."bytesOut", facets = EXCLUDED.facets, "updatedAt" = now()),
e AS (
  INSERT INTO "LineageEdge" ("fromKey", "toKey", "jobId", "rowsIn", "rowsOut", "lastRunId", "updatedAt")
  SELECT r."fromKey", r."toKey", r."jobId", r."rowsIn", r."rowsOut", r."lastRunId", now()
  FROM jsonb_to_recordset($2::jsonb) AS r("fromKey" text, "toKey" text, "jobId" text, "rowsIn" float8, "rowsOut" float8, "lastRunId" text)
  ON CONFLICT ("fromKey", "toKey") DO UPDATE SET
    "jobId" = EXCLUDED."jobId",
    "rowsIn" = COALESCE(EXCLUDED."rowsIn", "LineageEdge"."rowsIn"),
    "rowsOut" = COALESCE(EXCLUDED."rowsOut", "LineageEdge"."rowsOut"),
    "lastRunId" = COALESCE(EXCLUDED."lastRunId", "LineageEdge"."lastRunId"),
    "updatedAt" = now()),
q AS (
  INSERT INTO "QualityResult" (id, "datasetId", layer, score, passed, failed, checks, source, "runId", "createdAt")
  SELECT gen_random_uuid()::text, r."datasetId", r.layer, r.score, r.passed, r.failed, r.checks, 'openlineage', r."runId", r."createdAt"
  FROM jsonb_to_recordset($3::jsonb) AS r("datasetId" text, layer text, score float8, passed int, failed int, checks jsonb, "runId" text, "createdAt" timestamp(3))),
a AS (${INSERT_AUDIT_EVENTS.replaceAll("$1", "$4")})
SELECT 1`;

/** The advisory lock that serializes ingest batches across processes sharing the database. */
const INGEST_LOCK = 7340021;

/**
 * Writes a batch in one transaction of two round trips on PostgreSQL: BEGIN with the events (a repeat of a stored
 * one, or of one earlier in the batch, is a duplicate), jobs and datasets, and the stored state of the batch's
 * runs; then runs (folded here from that state, in arrival order), edges, quality results and audit events with
 * COMMIT. When some events were already stored, jobs and datasets wait for a statement of their own, planned from
 * the new events only. Rows go in key order. Batches are serialized across processes (an advisory lock), because
 * runs are merged here from their stored state.
 */
async function writeBatch(tx: SqlTx, items: Pending[]): Promise<IngestResult[]> {
  const firstOfHash = new Map<string, number>();
  const eventRows: string[] = [];
  const ids = items.map((it, i) => {
    if (firstOfHash.has(it.hash)) return null;
    firstOfHash.set(it.hash, i);
    const id = randomUUID();
    const runId = it.kind === "run" ? it.event.run.runId : null;
    const eventTime = "eventTime" in it.event && typeof it.event.eventTime === "string" ? new Date(it.event.eventTime) : new Date();
    eventRows.push(withBody({ id, hash: it.hash, kind: it.kind, eventType: it.kind === "run" ? (it.event.eventType ?? "OTHER") : null, eventTime: iso(eventTime), runId, receivedBy: it.receivedBy }, it.text));
    return id;
  });
  const hashes = [...firstOfHash.keys()];
  type Row = { t: "event" | "stored" | "job" | "dataset" | "run"; id: string; namespace: string; name: string; layer: string | null; run: StoredRun | null };
  const planAll = (isNew: (hash: string) => boolean) => {
    const plan = new BatchPlan();
    const skipped = items.map((it, i) => (firstOfHash.get(it.hash) === i && isNew(it.hash) ? planEvent(plan, it) : null));
    const runIds = [...new Set(items.flatMap((it, i) => (it.kind === "run" && skipped[i] ? [it.event.run.runId] : [])))];
    return { plan, skipped, runIds, params: [JSON.stringify(sorted(plan.jobs)), JSON.stringify(sorted(plan.datasets)), JSON.stringify(runIds)] };
  };
  // Planned as if every event were new; the statement applies jobs and datasets only if they all were.
  let planned = planAll(() => true);
  // With the transaction's BEGIN in the same round trip (parameters inlined as literals).
  let rows = await tx.script<Row>(inline(EVENTS_SQL, [`[${eventRows.join(",")}]`, JSON.stringify(hashes), planned.params[0]!, planned.params[1]!, hashes.length, planned.params[2]!]));
  const inserted = new Set(rows.filter((r) => r.t === "event").map((r) => r.namespace));
  const existingId = new Map(rows.filter((r) => r.t === "stored").map((r) => [r.namespace, r.id] as const));
  if (inserted.size < hashes.length) {
    planned = planAll((h) => inserted.has(h));
    rows = planned.plan.jobs.size || planned.plan.datasets.size ? await tx.query<Row>(ENTITIES_SQL, planned.params) : [];
  }
  const { plan } = planned;
  const results = items.map((it, i): IngestResult => {
    const runId = it.kind === "run" ? it.event.run.runId : null;
    const skipped = planned.skipped[i];
    if (!skipped) return { kind: it.kind, duplicate: true, eventId: existingId.get(it.hash) ?? ids[firstOfHash.get(it.hash)!] ?? null, runId, skipped: [] };
    return { kind: it.kind, duplicate: false, eventId: ids[i]!, runId, skipped };
  });
  const jobIds = new Map<string, string>();
  const datasets = new Map<string, { id: string; layer: string | null }>();
  const runs = new Map<string, RunRow>();
  for (const r of rows) {
    if (r.t === "job") jobIds.set(nameKey(r), r.id);
    else if (r.t === "dataset") datasets.set(nameKey(r), { id: r.id, layer: r.layer });
    else if (r.t === "run") runs.set(r.id, fromStored(r.run!));
  }
  const edges = new Map<string, { fromKey: string; toKey: string; jobId: string; rowsIn: number | null; rowsOut: number | null; lastRunId: string | null }>();
  const quality: { datasetId: string; layer: string | null; checks: CheckResult[]; runId: string | null; at: Date }[] = [];
  const resolved: Resolved = {
    job: (k) => jobIds.get(k)!,
    dataset: (k) => datasets.get(k)!,
    run: (e, jobId) => void runs.set(e.run.runId, foldRunEvent(runs.get(e.run.runId) ?? null, e, jobId)),
    newRun: (r) => void runs.set(r.id, r),
    edge: (e) => {
      const k = `${e.from}\u0001${e.to}`;
      const cur = edges.get(k);
      edges.set(k, { fromKey: e.from, toKey: e.to, jobId: e.jobId, rowsIn: e.rowsIn ?? cur?.rowsIn ?? null, rowsOut: e.rowsOut ?? cur?.rowsOut ?? null, lastRunId: e.runId ?? cur?.lastRunId ?? null });
    },
    quality: (q) => void quality.push(q),
  };
  for (const step of plan.steps) step(resolved);

  const audits = items.flatMap((it, i) => (it.audit ? [it.audit(results[i]!)] : []));
  if (runs.size || edges.size || quality.length || audits.length) {
    // With COMMIT in the same round trip.
    await tx.commitWith(inline(CHANGES_SQL, [
      JSON.stringify(sorted(new Map([...runs].map(([id, r]) => [id, { ...r, stateTime: iso(r.stateTime), startedAt: iso(r.startedAt), endedAt: iso(r.endedAt), nominalStart: iso(r.nominalStart) }])))),
      JSON.stringify(sorted(edges)),
      JSON.stringify(quality.map((q) => ({
        datasetId: q.datasetId, layer: q.layer, score: scoreOf(q.checks), checks: q.checks, runId: q.runId, createdAt: iso(q.at),
        passed: q.checks.filter((c) => c.status === "PASSED").length, failed: q.checks.filter((c) => c.status === "FAILED").length,
      }))),
      auditRows(audits),
    ]));
  }
  return results;
}
