import "server-only";
import type { Db } from "../adapters/db/index.ts";
import type { CheckOutcome } from "./contract.ts";
import { scoreOf } from "./model.ts";

/**
 * A dataset's quality now: each check's latest outcome (a check is its name plus its column, e.g. accepted_values
 * on status) and its score: 100 × passed / checks over those outcomes (WARNING is not a pass, as the seed counts),
 * unless its latest result brought a score and no checks (a pushed gauge, a seed report with `score` only), which
 * then stands. A failing check fails the gate either way. `at` is its latest result's time.
 */
export type DatasetQuality = { score: number; at: Date; layer: string | null; checks: CheckOutcome[] };

type CheckRow = {
  datasetId: string;
  check: string;
  column: string | null;
  status: string;
  message: string | null;
  createdAt: Date;
};
const STATUSES = new Set(["PASSED", "FAILED", "WARNING"]);
const statusOf = (s: string): CheckOutcome["status"] => (STATUSES.has(s) ? (s as CheckOutcome["status"]) : "FAILED");

/** The score after a result: its own when it brought no checks (or none is known), else over every check's latest outcome. */
export const scoreOfOutcomes = (checks: { status: string }[], reported: number, resultHasChecks: boolean) =>
  resultHasChecks && checks.length ? scoreOf(checks.map((c) => ({ check: "", status: statusOf(c.status) }))) : reported;

const hasChecks = (checks: unknown) =>
  Array.isArray(checks) &&
  checks.some((c) => c && typeof c === "object" && typeof (c as { check?: unknown }).check === "string");

export async function datasetQuality(db: Db, datasetIds: string[]): Promise<Map<string, DatasetQuality>> {
  const out = new Map<string, DatasetQuality>();
  if (!datasetIds.length) return out;
  const [latest, checks] = await Promise.all([
    db.$queryRaw<{ datasetId: string; score: number; layer: string | null; checks: unknown; createdAt: Date }[]>`
      SELECT DISTINCT ON ("datasetId") "datasetId", score, layer, checks, "createdAt" FROM "QualityResult"
      WHERE "datasetId" = ANY(${datasetIds}::text[]) ORDER BY "datasetId", "createdAt" DESC`,
    // Latest per check; of two results at the same instant the failing one counts (it has not passed since).
    db.$queryRaw<CheckRow[]>`
      SELECT DISTINCT ON (q."datasetId", c.value->>'check', COALESCE(c.value->>'column', ''))
        q."datasetId", c.value->>'check' AS "check", c.value->>'column' AS "column", c.value->>'status' AS status, c.value->>'message' AS message, q."createdAt"
      FROM "QualityResult" q CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(q.checks) = 'array' THEN q.checks ELSE '[]'::jsonb END) c
      WHERE q."datasetId" = ANY(${datasetIds}::text[]) AND jsonb_typeof(c.value) = 'object' AND c.value->>'check' IS NOT NULL
      ORDER BY q."datasetId", c.value->>'check', COALESCE(c.value->>'column', ''), q."createdAt" DESC, (c.value->>'status' = 'FAILED') DESC`,
  ]);
  const byDataset = new Map<string, CheckOutcome[]>();
  for (const c of checks) {
    const list = byDataset.get(c.datasetId) ?? [];
    list.push({
      check: c.check,
      column: c.column,
      status: statusOf(c.status),
      message: c.message,
      at: c.createdAt.toISOString(),
    });
    byDataset.set(c.datasetId, list);
  }
  for (const l of latest) {
    const list = byDataset.get(l.datasetId) ?? [];
    out.set(l.datasetId, {
      score: scoreOfOutcomes(list, Number(l.score), hasChecks(l.checks)),
      at: l.createdAt,
      layer: l.layer,
      checks: list,
    });
  }
  return out;
}

const keyOf = (c: { check: string; column?: string | null }) => JSON.stringify([c.check, c.column ?? ""]);
type HistoryPoint = { score: number; checks: unknown; at: Date };

/**
 * The dataset's score after each result, oldest first, by the same rule as datasetQuality (a later result
 * replaces a check's outcome; at the same instant a failure stays): the trend agrees with the score shown.
 */
export function scoreTrend(history: HistoryPoint[]): number[] {
  const state = new Map<string, { status: string; at: number }>();
  return history.map((h) => {
    const at = h.at.getTime();
    if (!hasChecks(h.checks)) return h.score;
    for (const c of h.checks as unknown[]) {
      if (!c || typeof c !== "object" || typeof (c as { check?: unknown }).check !== "string") continue;
      const check = c as { check: string; column?: string | null; status?: unknown };
      const status = typeof check.status === "string" ? statusOf(check.status) : "FAILED";
      const prev = state.get(keyOf(check));
      if (prev && prev.at === at && prev.status === "FAILED") continue;
      state.set(keyOf(check), { status, at });
    }
    return scoreOfOutcomes([...state.values()], h.score, true);
  });
}

/** The gate's verdict on one dataset: failing checks (latest outcome FAILED) and a score below `min` each fail it. */
export function gateVerdict(q: DatasetQuality | undefined, min: number): { passed: boolean; reason: string | null } {
  if (!q) return { passed: false, reason: "no quality result recorded" };
  const reasons = q.checks
    .filter((c) => c.status === "FAILED")
    .map((c) => `${c.column ? `${c.check} on ${c.column}` : c.check} failed at ${c.at}`);
  if (q.score < min) reasons.push(`score ${q.score.toFixed(1)} is below ${min}`);
  return { passed: reasons.length === 0, reason: reasons.length ? reasons.join("; ") : null };
}

/** A dataset's latest `limit` results, newest first, each with the dataset's score after it (the trend the gate agrees with). */
export async function qualityHistory(db: Db, datasetId: string, limit: number) {
  const all = await db.qualityResult.findMany({ where: { datasetId }, orderBy: { createdAt: "asc" } });
  const trend = scoreTrend(all.map((q) => ({ score: q.score, checks: q.checks, at: q.createdAt })));
  return all
    .map((q, i) => ({
      score: q.score,
      datasetScore: trend[i]!,
      passed: q.passed,
      failed: q.failed,
      checks: q.checks,
      source: q.source,
      at: q.createdAt.toISOString(),
    }))
    .slice(-limit)
    .reverse();
}
