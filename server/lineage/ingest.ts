import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { jsonLiteral, type DbHandle, type SqlTx } from "../adapters/db/index.ts";
import { GroupCommit, perKey } from "../adapters/db/index.ts";
import { INSERT_AUDIT_EVENTS, auditRows, type AuditRecord } from "../audit/index.ts";
import { ValidationError } from "../errors.ts";
import { findUnstorable } from "../storable.ts";
import {
  EDGE_ON_CONFLICT,
  LAYERS,
  canonicalJson,
  detectLayer,
  nextState,
  scoreOf,
  type CheckResult,
  type Layer,
} from "./model.ts";
import { readDateTime, type FormatWarning } from "./lenient-formats.ts";
import { parseLineageBody, type LineageBody, type RunEvent } from "./openlineage.ts";

export type IngestResult = {
  kind: string;
  duplicate: boolean;
  eventId: string | null;
  runId: string | null;
  skipped: string[];
  warnings: FormatWarning[];
};

type Pending = LineageBody & {
  hash: string;
  text: string;
  receivedBy: string | null;
  warnings: FormatWarning[];
  audit?: (r: IngestResult) => AuditRecord;
};

/** Events written per transaction at most, and their JSON bytes at most (past the first event). */
const MAX_BATCH = 256;
const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Stores a lineage report once (by content hash) and updates namespaces, jobs, runs, datasets, edges and
 * quality results from it. Invalid bodies are a ValidationError listing JSON paths; values off the spec's formats are
 * normalized or kept, and the result's `warnings` say so. The raw event is stored as sent. `audit` gives the audit event
 * to store with it, in the same transaction. Returns once the event and everything derived from it are committed.
 * Events that arrive together are written together, in arrival order, in one transaction (group commit).
 */
export async function ingestLineage(
  db: DbHandle,
  body: unknown,
  receivedBy: string | null,
  audit?: (r: IngestResult) => AuditRecord,
): Promise<IngestResult> {
  const parsed = parseLineageBody(body);
  if (!parsed.ok) throw new ValidationError("not a valid lineage event", parsed.problems);
  const unstorable = findUnstorable(body);
  if (unstorable)
    throw new ValidationError("not a valid lineage event", [
      { path: unstorable.path.join(".") || "(body)", message: unstorable.message },
    ]);
  // Stored as jsonb, which keeps no key order: the canonical text serves for both the hash and the row.
  const text = canonicalJson(body);
  const writer = perKey(
    "lineage-writer",
    db,
    () =>
      new GroupCommit<Pending, IngestResult>((items) => writeWithRetry(db, items), {
        maxItems: MAX_BATCH,
        maxWeight: MAX_BATCH_BYTES,
      }),
  );
  const hash = createHash("sha256").update(text).digest("hex");
  return writer.submit({ ...parsed.value, hash, text, receivedBy, warnings: parsed.warnings, audit }, text.length);
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
const sum = (xs: (number | null)[]) =>
  xs.some((x) => x !== null) ? xs.reduce<number>((a, x) => a + (x ?? 0), 0) : null;

/** A LineageRun row as the ingest computes it. */
export type RunRow = {
  id: string;
  jobId: string;
  state: string;
  stateTime: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  nominalStart: Date | null;
  parentRunId: string | null;
  errorMessage: string | null;
  rowsIn: number | null;
  rowsOut: number | null;
  bytesIn: number | null;
  bytesOut: number | null;
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
  // A nominal time that is not a date-time was kept as text (the warnings say so) and is not read as one.
  const nominalText = (rf?.nominalTime as { nominalStartTime?: string } | undefined)?.nominalStartTime;
  const nominal = nominalText ? readDateTime(nominalText)?.text : undefined;
  const err = (rf?.errorMessage as { message?: string } | undefined)?.message;
  const ins = e.inputs ?? [],
    outs = e.outputs ?? [];
  return {
    id: e.run.runId,
    jobId,
    state: st.state,
    stateTime: st.stateTime,
    startedAt: !cur ? time : type === "START" && (!cur.startedAt || time < cur.startedAt) ? time : cur.startedAt,
    endedAt: terminal && (!cur?.endedAt || time > cur.endedAt) ? time : (cur?.endedAt ?? null),
    nominalStart: nominal ? new Date(nominal) : (cur?.nominalStart ?? null),
    parentRunId: parent ?? cur?.parentRunId ?? null,
    errorMessage: err ?? cur?.errorMessage ?? null,
    rowsIn:
      sum(ins.map((i) => rowCount(i.inputFacets as Facets, "inputStatistics", "dataQualityMetrics"))) ??
      cur?.rowsIn ??
      null,
    rowsOut: sum(outs.map((o) => rowCount(o.outputFacets as Facets, "outputStatistics"))) ?? cur?.rowsOut ?? null,
    bytesIn:
      sum(ins.map((i) => byteCount(i.inputFacets as Facets, "inputStatistics", "dataQualityMetrics"))) ??
      cur?.bytesIn ??
      null,
    bytesOut: sum(outs.map((o) => byteCount(o.outputFacets as Facets, "outputStatistics"))) ?? cur?.bytesOut ?? null,
    facets: { ...cur?.facets, ...rf },
  };
}

type Named = { namespace: string; name: string; facets?: Record<string, unknown> };
const nameKey = (x: { namespace: string; name: string }) => `${x.namespace}\u0001${x.name}`;
const isLayer = (x: unknown): x is Layer => typeof x === "string" && (LAYERS as readonly string[]).includes(x);
/** One end of an edge, by the key of its job or dataset in the plan (the statements look the ids up). */
type End = { kind: "job" | "dataset"; key: string };
type Edge = {
  from: End;
  to: End;
  job: string;
  rowsIn: number | null;
  rowsOut: number | null;
  lastRunId: string | null;
};

/**
 * What one batch changes, collected in arrival order before anything is written. Jobs and datasets are named by
 * their keys; runs are the batch's events folded (foldRunEvent), with the earliest START of each for the merge
 * with the stored run.
 */
class BatchPlan {
  jobs = new Map<string, { namespace: string; name: string; facets: Record<string, unknown> }>();
  datasets = new Map<
    string,
    { namespace: string; name: string; facets: Record<string, unknown>; schema: unknown; layer: Layer | null }
  >();
  runs = new Map<string, RunRow>();
  startMin = new Map<string, Date>();
  edges = new Map<string, Edge>();
  quality: { dataset: string; checks: CheckResult[]; runId: string | null; at: Date }[] = [];

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
    const layer = isLayer(given) ? given : detectLayer(d.namespace, d.name);
    const schema = (d.facets?.schema as { fields?: unknown } | undefined)?.fields ? d.facets!.schema : null;
    const cur = this.datasets.get(k);
    if (cur) {
      Object.assign(cur.facets, d.facets);
      cur.schema = schema ?? cur.schema;
      cur.layer = layer ?? cur.layer;
    } else this.datasets.set(k, { namespace: d.namespace, name: d.name, facets: { ...d.facets }, schema, layer });
    return k;
  }
  run(e: RunEvent, job: string): void {
    this.runs.set(e.run.runId, foldRunEvent(this.runs.get(e.run.runId) ?? null, e, job));
    const t = new Date(e.eventTime),
      m = this.startMin.get(e.run.runId);
    if (e.eventType === "START" && (!m || t < m)) this.startMin.set(e.run.runId, t);
  }
  /** A later report of the same edge in the batch takes its job, and its counts and run where it has them. */
  edge(
    from: End,
    to: End,
    job: string,
    counts: { rowsIn?: number | null; rowsOut?: number | null; runId?: string | null },
  ): void {
    const k = `${from.kind}:${from.key}\u0002${to.kind}:${to.key}`;
    const cur = this.edges.get(k);
    this.edges.set(k, {
      from,
      to,
      job,
      rowsIn: counts.rowsIn ?? cur?.rowsIn ?? null,
      rowsOut: counts.rowsOut ?? cur?.rowsOut ?? null,
      lastRunId: counts.runId ?? cur?.lastRunId ?? null,
    });
  }
  /** Quality results from a dataset's dataQualityAssertions facet. */
  assertions(dataset: string, f: Facets | undefined, runId: string | null, at: Date): void {
    const a = f?.dataQualityAssertions?.assertions as
      | { assertion: string; success: boolean; column?: string }[]
      | undefined;
    if (!a?.length) return;
    const checks: CheckResult[] = a.map((x) => ({
      check: x.assertion,
      status: x.success ? "PASSED" : "FAILED",
      column: x.column ?? null,
    }));
    this.quality.push({ dataset, checks, runId, at });
  }
  io(
    e: { inputs?: RunEvent["inputs"]; outputs?: RunEvent["outputs"] },
    job: string,
    runId: string | null,
    at: Date,
  ): void {
    for (const i of e.inputs ?? []) {
      const d = this.dataset(i);
      this.edge({ kind: "dataset", key: d }, { kind: "job", key: job }, job, {
        rowsIn: rowCount(i.inputFacets as Facets, "inputStatistics", "dataQualityMetrics"),
        runId,
      });
      this.assertions(d, { ...(i.facets as Facets), ...(i.inputFacets as Facets) }, runId, at);
    }
    for (const o of e.outputs ?? []) {
      const d = this.dataset(o);
      this.edge({ kind: "job", key: job }, { kind: "dataset", key: d }, job, {
        rowsOut: rowCount(o.outputFacets as Facets, "outputStatistics"),
        runId,
      });
      this.assertions(d, o.facets as Facets, runId, at);
    }
  }
}

/** Plans one new event; returns what its result says it skipped. */
function planEvent(plan: BatchPlan, it: Pending): string[] {
  switch (it.kind) {
    case "run": {
      const e = it.event;
      const job = plan.job(e.job);
      plan.run(e, job);
      plan.io(e, job, e.run.runId, new Date(e.eventTime));
      return [];
    }
    case "job": {
      const e = it.event;
      plan.io(e, plan.job(e.job), null, new Date(e.eventTime));
      return [];
    }
    case "dataset":
      plan.dataset(it.event.dataset);
      return [];
    case "openmetadata-edge": {
      // The seed's LineageTracker edge: table ids, "unknown" where the tracker had none (contracts.md 3.2).
      const e = it.event;
      const at = new Date();
      const job = plan.job({
        namespace: "seed",
        name: e.pipeline?.name || (e.description?.replace(/ event$/, "") ?? "openmetadata"),
      });
      const from = e.edge.fromEntity.id,
        to = e.edge.toEntity.id;
      const runId = randomUUID();
      plan.runs.set(runId, {
        id: runId,
        jobId: job,
        state: "COMPLETE",
        stateTime: at,
        startedAt: at,
        endedAt: at,
        nominalStart: null,
        parentRunId: null,
        errorMessage: null,
        rowsIn: null,
        rowsOut: null,
        bytesIn: null,
        bytesOut: null,
        facets: {},
      });
      if (from !== "unknown")
        plan.edge(
          { kind: "dataset", key: plan.dataset({ namespace: "seed", name: from }) },
          { kind: "job", key: job },
          job,
          { runId },
        );
      if (to !== "unknown")
        plan.edge(
          { kind: "job", key: job },
          { kind: "dataset", key: plan.dataset({ namespace: "seed", name: to }) },
          job,
          { runId },
        );
      return [
        ...(from !== "unknown" ? [] : ['edge.fromEntity.id is "unknown": no input dataset recorded']),
        ...(to !== "unknown" ? [] : ['edge.toEntity.id is "unknown": no output dataset recorded']),
      ];
    }
  }
}

/** `{...fields, "body": <text>}` without serializing the event a second time. */
const withBody = (fields: Record<string, unknown>, text: string) =>
  `${JSON.stringify(fields).slice(0, -1)},"body":${text}}`;
const iso = (d: Date | null) => (d ? d.toISOString() : null);
/** SQL with its $n parameters replaced by literals: numbers as they are, strings as jsonb. */
const inline = (sql: string, params: (string | number)[]) =>
  sql.replace(/\$(\d+)/g, (_, n: string) => {
    const p = params[Number(n) - 1]!;
    return typeof p === "number" ? String(p) : jsonLiteral(p);
  });
/** Rows in key order, so that concurrent writers lock them in one order. */
const sorted = <T>(m: Map<string, T>) =>
  [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);

const EVENTS_SQL = `INSERT INTO "LineageEvent" (id, hash, kind, "eventType", "eventTime", "runId", body, "receivedAt", "receivedBy")
  SELECT r.id, r.hash, r.kind, r."eventType", r."eventTime", r."runId", r.body, now(), r."receivedBy"
  FROM jsonb_to_recordset($1::jsonb) AS r(id text, hash text, kind text, "eventType" text, "eventTime" timestamp(3), "runId" text, body jsonb, "receivedBy" text)
  ON CONFLICT (hash) DO NOTHING`;

/** Aborts the transaction unless every event of the batch was stored by it (its ids are in $1). */
const ALREADY_STORED = "nexus-ingest: some events were already stored";
const GUARD_SQL = `SELECT nexus_assert(count(*) = $2, '${ALREADY_STORED}') FROM "LineageEvent" WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))`;

const JOBS_SQL = `INSERT INTO "LineageJob" (id, namespace, name, facets, "createdAt", "updatedAt")
  SELECT gen_random_uuid()::text, r.namespace, r.name, r.facets, now(), now()
  FROM jsonb_to_recordset($1::jsonb) AS r(namespace text, name text, facets jsonb)
  ON CONFLICT (namespace, name) DO UPDATE SET facets = "LineageJob".facets || EXCLUDED.facets, "updatedAt" = now()`;

const DATASETS_SQL = `INSERT INTO "LineageDataset" (id, namespace, name, layer, schema, facets, "createdAt", "updatedAt")
  SELECT gen_random_uuid()::text, r.namespace, r.name, r.layer, r.schema, r.facets, now(), now()
  FROM jsonb_to_recordset($1::jsonb) AS r(namespace text, name text, layer text, schema jsonb, facets jsonb)
  ON CONFLICT (namespace, name) DO UPDATE SET
    layer = COALESCE(EXCLUDED.layer, "LineageDataset".layer),
    schema = COALESCE(EXCLUDED.schema, "LineageDataset".schema),
    facets = "LineageDataset".facets || EXCLUDED.facets,
    "updatedAt" = now()`;

const jobId = (ns: string, name: string) => `(SELECT id FROM "LineageJob" WHERE namespace = ${ns} AND name = ${name})`;
const datasetId = (ns: string, name: string) =>
  `(SELECT id FROM "LineageDataset" WHERE namespace = ${ns} AND name = ${name})`;
const RANK = (state: string) =>
  `CASE ${state} WHEN 'START' THEN 1 WHEN 'RUNNING' THEN 2 WHEN 'OTHER' THEN 2 ELSE 3 END`;
const LATER = `${RANK("EXCLUDED.state")} > ${RANK("cur.state")} OR (${RANK("EXCLUDED.state")} = ${RANK("cur.state")} AND EXCLUDED."stateTime" >= cur."stateTime")`;

/**
 * The batch's runs: its own events folded per run (foldRunEvent), then merged with the stored run here the same
 * way (later stage wins, earliest START, latest end, values the batch has replace stored ones, facets merged).
 */
const RUNS_SQL = `WITH src AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id text, "jobNs" text, "jobName" text, state text, "stateTime" timestamp(3), "startedAt" timestamp(3), "startMin" timestamp(3),
    "endedAt" timestamp(3), "nominalStart" timestamp(3), "parentRunId" text, "errorMessage" text, "rowsIn" float8, "rowsOut" float8, "bytesIn" float8, "bytesOut" float8, facets jsonb))
INSERT INTO "LineageRun" AS cur (id, "jobId", state, "stateTime", "startedAt", "endedAt", "nominalStart", "parentRunId", "errorMessage", "rowsIn", "rowsOut", "bytesIn", "bytesOut", facets, "createdAt", "updatedAt")
SELECT id, ${jobId(`src."jobNs"`, `src."jobName"`)}, state, "stateTime", "startedAt", "endedAt", "nominalStart", "parentRunId", "errorMessage", "rowsIn", "rowsOut", "bytesIn", "bytesOut", facets, now(), now() FROM src
ON CONFLICT (id) DO UPDATE SET
  "jobId" = EXCLUDED."jobId",
  state = CASE WHEN ${LATER} THEN EXCLUDED.state ELSE cur.state END,
  "stateTime" = CASE WHEN ${LATER} THEN EXCLUDED."stateTime" ELSE cur."stateTime" END,
  "startedAt" = COALESCE(LEAST(cur."startedAt", (SELECT s."startMin" FROM src s WHERE s.id = EXCLUDED.id)), cur."startedAt", EXCLUDED."startedAt"),
  "endedAt" = GREATEST(cur."endedAt", EXCLUDED."endedAt"),
  "nominalStart" = COALESCE(EXCLUDED."nominalStart", cur."nominalStart"), "parentRunId" = COALESCE(EXCLUDED."parentRunId", cur."parentRunId"),
  "errorMessage" = COALESCE(EXCLUDED."errorMessage", cur."errorMessage"),
  "rowsIn" = COALESCE(EXCLUDED."rowsIn", cur."rowsIn"), "rowsOut" = COALESCE(EXCLUDED."rowsOut", cur."rowsOut"),
  "bytesIn" = COALESCE(EXCLUDED."bytesIn", cur."bytesIn"), "bytesOut" = COALESCE(EXCLUDED."bytesOut", cur."bytesOut"),
  facets = cur.facets || EXCLUDED.facets, "updatedAt" = now()`;

const endKey = (kind: string, ns: string, name: string) =>
  `CASE ${kind} WHEN 'job' THEN 'job:' || ${jobId(ns, name)} ELSE 'dataset:' || ${datasetId(ns, name)} END`;
const EDGES_SQL = `INSERT INTO "LineageEdge" ("fromKey", "toKey", "jobId", "rowsIn", "rowsOut", "lastRunId", "updatedAt")
  SELECT ${endKey(`r."fromKind"`, `r."fromNs"`, `r."fromName"`)}, ${endKey(`r."toKind"`, `r."toNs"`, `r."toName"`)}, ${jobId(`r."jobNs"`, `r."jobName"`)},
    r."rowsIn", r."rowsOut", r."lastRunId", now()
  FROM jsonb_to_recordset($1::jsonb) AS r("fromKind" text, "fromNs" text, "fromName" text, "toKind" text, "toNs" text, "toName" text, "jobNs" text, "jobName" text,
    "rowsIn" float8, "rowsOut" float8, "lastRunId" text)
  ${EDGE_ON_CONFLICT}`;

const QUALITY_SQL = `INSERT INTO "QualityResult" (id, "datasetId", layer, score, passed, failed, checks, source, "runId", "createdAt")
  SELECT gen_random_uuid()::text, d.id, d.layer, r.score, r.passed, r.failed, r.checks, 'openlineage', r."runId", r."createdAt"
  FROM jsonb_to_recordset($1::jsonb) AS r(namespace text, name text, score float8, passed int, failed int, checks jsonb, "runId" text, "createdAt" timestamp(3))
  JOIN "LineageDataset" d ON d.namespace = r.namespace AND d.name = r.name`;

/** The advisory lock that serializes ingest batches across processes sharing the database. */
const INGEST_LOCK = 7340021;

/** Writes a batch; see writeBatch. A batch holding an event already stored is written again, checked first. */
async function writeWithRetry(db: DbHandle, items: Pending[]): Promise<IngestResult[]> {
  try {
    return await db.transaction((tx) => writeBatch(tx, items, null), { advisoryLock: INGEST_LOCK });
  } catch (e) {
    if (!(e instanceof Error) || !e.message.includes(ALREADY_STORED)) throw e;
    return await db.transaction(
      async (tx) => {
        const hashes = [...new Set(items.map((it) => it.hash))];
        const stored = await tx.script<{ id: string; hash: string }>(
          `SELECT id, hash FROM "LineageEvent" WHERE hash IN (SELECT jsonb_array_elements_text(${jsonLiteral(JSON.stringify(hashes))}))`,
        );
        return writeBatch(tx, items, new Map(stored.map((r) => [r.hash, r.id])));
      },
      { advisoryLock: INGEST_LOCK },
    );
  }
}

/**
 * Writes a batch in one transaction, sent in one round trip on PostgreSQL (BEGIN, the statements with their
 * values inlined, COMMIT): the events; a check that every one of them is new (else the transaction aborts and
 * writeWithRetry writes the batch again knowing which were `stored`); jobs and datasets; runs (the batch's events
 * folded, then merged with the stored run in SQL); edges, quality results and audit events. A repeat of an event
 * earlier in the batch is a duplicate of it. Rows go in key order. Batches are serialized across processes (an
 * advisory lock), so that a batch sees the runs as the previous one left them.
 */
async function writeBatch(tx: SqlTx, items: Pending[], stored: Map<string, string> | null): Promise<IngestResult[]> {
  const firstOfHash = new Map<string, number>();
  const eventRows: string[] = [];
  const newIds: string[] = [];
  const ids = items.map((it, i) => {
    if (firstOfHash.has(it.hash)) return null;
    firstOfHash.set(it.hash, i);
    if (stored?.has(it.hash)) return null;
    const id = randomUUID();
    const runId = it.kind === "run" ? it.event.run.runId : null;
    const eventTime =
      "eventTime" in it.event && typeof it.event.eventTime === "string" ? new Date(it.event.eventTime) : new Date();
    eventRows.push(
      withBody(
        {
          id,
          hash: it.hash,
          kind: it.kind,
          eventType: it.kind === "run" ? (it.event.eventType ?? "OTHER") : null,
          eventTime: iso(eventTime),
          runId,
          receivedBy: it.receivedBy,
        },
        it.text,
      ),
    );
    newIds.push(id);
    return id;
  });
  const plan = new BatchPlan();
  const results = items.map((it, i): IngestResult => {
    const runId = it.kind === "run" ? it.event.run.runId : null;
    const first = firstOfHash.get(it.hash)!;
    if (first !== i || stored?.has(it.hash)) {
      return {
        kind: it.kind,
        duplicate: true,
        eventId: stored?.get(it.hash) ?? ids[first] ?? null,
        runId,
        skipped: [],
        warnings: it.warnings,
      };
    }
    return {
      kind: it.kind,
      duplicate: false,
      eventId: ids[i]!,
      runId,
      skipped: planEvent(plan, it),
      warnings: it.warnings,
    };
  });

  const named = (end: End) => {
    const x = end.kind === "job" ? plan.jobs.get(end.key)! : plan.datasets.get(end.key)!;
    return { kind: end.kind, ns: x.namespace, name: x.name };
  };
  const audits = items.flatMap((it, i) => (it.audit ? [it.audit(results[i]!)] : []));
  const statements = [
    eventRows.length ? inline(EVENTS_SQL, [`[${eventRows.join(",")}]`]) : null,
    eventRows.length ? inline(GUARD_SQL, [JSON.stringify(newIds), newIds.length]) : null,
    plan.jobs.size ? inline(JOBS_SQL, [JSON.stringify(sorted(plan.jobs))]) : null,
    plan.datasets.size ? inline(DATASETS_SQL, [JSON.stringify(sorted(plan.datasets))]) : null,
    plan.runs.size
      ? inline(RUNS_SQL, [
          JSON.stringify(
            sorted(plan.runs).map((r) => {
              const j = named({ kind: "job", key: r.jobId });
              return {
                ...r,
                jobNs: j.ns,
                jobName: j.name,
                stateTime: iso(r.stateTime),
                startedAt: iso(r.startedAt),
                startMin: iso(plan.startMin.get(r.id) ?? null),
                endedAt: iso(r.endedAt),
                nominalStart: iso(r.nominalStart),
              };
            }),
          ),
        ])
      : null,
    plan.edges.size
      ? inline(EDGES_SQL, [
          JSON.stringify(
            sorted(plan.edges).map((e) => {
              const f = named(e.from),
                t = named(e.to),
                j = named({ kind: "job", key: e.job });
              return {
                fromKind: f.kind,
                fromNs: f.ns,
                fromName: f.name,
                toKind: t.kind,
                toNs: t.ns,
                toName: t.name,
                jobNs: j.ns,
                jobName: j.name,
                rowsIn: e.rowsIn,
                rowsOut: e.rowsOut,
                lastRunId: e.lastRunId,
              };
            }),
          ),
        ])
      : null,
    plan.quality.length
      ? inline(QUALITY_SQL, [
          JSON.stringify(
            plan.quality.map((q) => {
              const d = plan.datasets.get(q.dataset)!;
              return {
                namespace: d.namespace,
                name: d.name,
                score: scoreOf(q.checks),
                checks: q.checks,
                runId: q.runId,
                createdAt: iso(q.at),
                passed: q.checks.filter((c) => c.status === "PASSED").length,
                failed: q.checks.filter((c) => c.status === "FAILED").length,
              };
            }),
          ),
        ])
      : null,
    audits.length ? inline(INSERT_AUDIT_EVENTS, [auditRows(audits)]) : null,
  ].filter((x): x is string => x !== null);
  if (statements.length) await tx.commitWith(statements.join(";\n"));
  return results;
}
