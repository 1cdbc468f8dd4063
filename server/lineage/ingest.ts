import { randomUUID } from "node:crypto";
import type { Prisma } from "../../prisma/generated/client.ts";
import type { Db } from "../adapters/db/index.ts";
import { ValidationError } from "../errors.ts";
import {
  addQualityResult, canonicalHash, datasetKey, jobKey, nextState, upsertDataset, upsertEdge, upsertJob, type CheckResult, type Tx,
} from "./model.ts";
import { parseLineageBody, type DatasetEvent, type JobEvent, type OpenMetadataEdge, type RunEvent } from "./openlineage.ts";

export type IngestResult = { kind: string; duplicate: boolean; eventId: string | null; runId: string | null; skipped: string[] };

/**
 * Stores a lineage report once (by content hash) and updates namespaces, jobs, runs, datasets, edges and
 * quality results from it, in one transaction. Invalid bodies are a ValidationError listing JSON paths.
 */
export async function ingestLineage(db: Db, body: unknown, receivedBy: string | null): Promise<IngestResult> {
  const parsed = parseLineageBody(body);
  if (!parsed.ok) throw new ValidationError("not a valid lineage event", parsed.problems);
  const { kind, event } = parsed.value;
  const hash = canonicalHash(body);
  const eventTime = "eventTime" in event && typeof event.eventTime === "string" ? new Date(event.eventTime) : new Date();
  const runId = kind === "run" ? (event as RunEvent).run.runId : null;
  // Nothing here can hit a unique constraint: the event row is ON CONFLICT (a repeat is reported as such),
  // datasets, jobs and edges are upserts, and two events of one new run serialize on their job's row (the
  // job upsert comes first), so the second sees the run the first created.
  return await db.$transaction(async (tx) => {
    // One statement: stored, or already there (the same event sent again).
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "LineageEvent" (id, hash, kind, "eventType", "eventTime", "runId", body, "receivedAt", "receivedBy")
      VALUES (gen_random_uuid()::text, ${hash}, ${kind}, ${kind === "run" ? (event as RunEvent).eventType ?? "OTHER" : null}, ${eventTime}, ${runId},
              ${JSON.stringify(body)}::jsonb, now(), ${receivedBy})
      ON CONFLICT (hash) DO NOTHING RETURNING id`;
    const row = inserted[0];
    if (!row) {
      const dup = await tx.lineageEvent.findUnique({ where: { hash }, select: { id: true } });
      return { kind, duplicate: true, eventId: dup?.id ?? null, runId, skipped: [] };
    }
    const skipped: string[] = [];
    if (kind === "run") await applyRunEvent(tx, event as RunEvent);
    else if (kind === "dataset") await upsertDataset(tx, (event as DatasetEvent).dataset);
    else if (kind === "job") await applyJobEvent(tx, event as JobEvent);
    else skipped.push(...(await applyOpenMetadataEdge(tx, event as OpenMetadataEdge, eventTime)));
    return { kind, duplicate: false, eventId: row.id, runId, skipped };
  }, { timeout: 20_000 });
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

async function applyIO(tx: Tx, jobId: string, runId: string | null, e: Pick<RunEvent, "inputs" | "outputs">, at: Date) {
  for (const i of e.inputs ?? []) {
    const d = await upsertDataset(tx, i);
    const rows = rowCount(i.inputFacets as Facets, "inputStatistics", "dataQualityMetrics");
    await upsertEdge(tx, { from: datasetKey(d.id), to: jobKey(jobId), jobId, rowsIn: rows, runId });
    await qualityFromAssertions(tx, d.id, d.layer, { ...(i.facets as Facets), ...(i.inputFacets as Facets) }, runId, at);
  }
  for (const o of e.outputs ?? []) {
    const d = await upsertDataset(tx, o);
    const rows = rowCount(o.outputFacets as Facets, "outputStatistics");
    await upsertEdge(tx, { from: jobKey(jobId), to: datasetKey(d.id), jobId, rowsOut: rows, runId });
    await qualityFromAssertions(tx, d.id, d.layer, o.facets as Facets, runId, at);
  }
}

async function qualityFromAssertions(tx: Tx, datasetId: string, layer: string | null, f: Facets | undefined, runId: string | null, at: Date) {
  const a = f?.dataQualityAssertions?.assertions as { assertion: string; success: boolean; column?: string }[] | undefined;
  if (!a?.length) return;
  const checks: CheckResult[] = a.map((x) => ({ check: x.assertion, status: x.success ? "PASSED" : "FAILED", column: x.column ?? null }));
  await addQualityResult(tx, { datasetId, layer, checks, source: "openlineage", runId, at });
}

async function applyRunEvent(tx: Tx, e: RunEvent) {
  const job = await upsertJob(tx, e.job);
  const time = new Date(e.eventTime);
  const type = e.eventType ?? "OTHER";
  const rf = e.run.facets as Facets | undefined;
  const existing = await tx.lineageRun.findUnique({ where: { id: e.run.runId } });
  const st = nextState(existing ? { state: existing.state, stateTime: existing.stateTime } : null, { type, time });
  const terminal = type === "COMPLETE" || type === "FAIL" || type === "ABORT";
  const rowsIn = sum((e.inputs ?? []).map((i) => rowCount(i.inputFacets as Facets, "inputStatistics", "dataQualityMetrics")));
  const rowsOut = sum((e.outputs ?? []).map((o) => rowCount(o.outputFacets as Facets, "outputStatistics")));
  const bytesIn = sum((e.inputs ?? []).map((i) => byteCount(i.inputFacets as Facets, "inputStatistics", "dataQualityMetrics")));
  const bytesOut = sum((e.outputs ?? []).map((o) => byteCount(o.outputFacets as Facets, "outputStatistics")));
  const parent = rf?.parent as { run?: { runId?: string } } | undefined;
  const nominal = rf?.nominalTime as { nominalStartTime?: string } | undefined;
  const err = rf?.errorMessage as { message?: string } | undefined;
  const data = {
    jobId: job.id, state: st.state, stateTime: st.stateTime,
    ...(type === "START" && (!existing?.startedAt || time < existing.startedAt) ? { startedAt: time } : {}),
    ...(terminal && (!existing?.endedAt || time > existing.endedAt) ? { endedAt: time } : {}),
    ...(nominal?.nominalStartTime ? { nominalStart: new Date(nominal.nominalStartTime) } : {}),
    ...(parent?.run?.runId ? { parentRunId: parent.run.runId } : {}),
    ...(err?.message ? { errorMessage: err.message } : {}),
    ...(rowsIn !== null ? { rowsIn } : {}), ...(rowsOut !== null ? { rowsOut } : {}),
    ...(bytesIn !== null ? { bytesIn } : {}), ...(bytesOut !== null ? { bytesOut } : {}),
    facets: { ...((existing?.facets as object) ?? {}), ...(rf ?? {}) } as Prisma.InputJsonValue,
  };
  // A run first seen at its end (COMPLETE before START) still gets a start time: its own event time until START arrives.
  if (!existing) await tx.lineageRun.create({ data: { id: e.run.runId, ...data, startedAt: data.startedAt ?? time } });
  else await tx.lineageRun.update({ where: { id: e.run.runId }, data });
  await applyIO(tx, job.id, e.run.runId, e, time);
}

async function applyJobEvent(tx: Tx, e: JobEvent) {
  const job = await upsertJob(tx, e.job);
  await applyIO(tx, job.id, null, e, new Date(e.eventTime));
}

/** The seed's LineageTracker edge: table ids, "unknown" where the tracker had none (contracts.md 3.2). */
async function applyOpenMetadataEdge(tx: Tx, e: OpenMetadataEdge, at: Date): Promise<string[]> {
  const skipped: string[] = [];
  const jobName = e.pipeline?.name || (e.description?.replace(/ event$/, "") ?? "openmetadata");
  const job = await upsertJob(tx, { namespace: "seed", name: jobName });
  const runId = randomUUID();
  await tx.lineageRun.create({ data: { id: runId, jobId: job.id, state: "COMPLETE", stateTime: at, startedAt: at, endedAt: at } });
  const from = e.edge.fromEntity.id, to = e.edge.toEntity.id;
  if (from !== "unknown") {
    const d = await upsertDataset(tx, { namespace: "seed", name: from });
    await upsertEdge(tx, { from: datasetKey(d.id), to: jobKey(job.id), jobId: job.id, runId });
  } else skipped.push("edge.fromEntity.id is \"unknown\": no input dataset recorded");
  if (to !== "unknown") {
    const d = await upsertDataset(tx, { namespace: "seed", name: to });
    await upsertEdge(tx, { from: jobKey(job.id), to: datasetKey(d.id), jobId: job.id, runId });
  } else skipped.push("edge.toEntity.id is \"unknown\": no output dataset recorded");
  return skipped;
}
