import "server-only";
import { randomUUID } from "node:crypto";
import type { Prisma } from "../../prisma/generated/client.ts";
import type { Db } from "../adapters/db/index.ts";
import { ValidationError } from "../errors.ts";
import { parseExposition, type Skipped } from "./exposition.ts";
import { canonicalHash } from "./model.ts";
import { JobMetricsReport, recordJobMetrics, recordQuality } from "./seed-reports.ts";

export type PushResult = {
  job: string;
  instance: string;
  samples: number;
  recorded: string[];
  skipped: Skipped[];
  notes: string[];
};

/** The samples' names, for problems about the report made of them. */
const SAMPLE_OF: Record<string, string> = {
  job: "job_duration_seconds{job}",
  duration_seconds: "job_duration_seconds",
  records_processed: "records_processed_total",
  records_failed: "records_failed_total",
  status: "job_duration_seconds{status}",
};

/** The job-metrics report of a push, checked like the JSON endpoint's (exposition text allows NaN, +Inf, 1e300). */
function jobMetricsOf(report: Record<string, unknown>) {
  const r = JobMetricsReport.safeParse(report);
  if (r.success) return r.data;
  const errors = r.error.issues.map((i) => ({
    path: SAMPLE_OF[String(i.path[0])] ?? String(i.path[0]),
    message: i.message,
  }));
  throw new ValidationError("the pushed job metrics are out of range", errors);
}

/**
 * A Pushgateway-compatible push (`POST|PUT /metrics/job/<job>/instance/<instance>`) of what the seed's
 * MetricsEmitter sends: job_duration_seconds + records_processed_total + records_failed_total become a run
 * of the job; data_quality_score{layer} becomes a quality result of dataset `<layer>/<job>`. The raw text
 * is kept; what could not be read is reported, not fatal.
 */
export async function acceptPush(
  db: Db,
  opts: { job: string; instance: string; text: string; by: string | null },
): Promise<PushResult> {
  const e = parseExposition(opts.text);
  if (!e.samples.length && e.skipped.length) {
    throw new ValidationError(
      "no sample could be read",
      e.skipped.slice(0, 50).map((s) => ({ path: `line ${s.line}`, message: s.reason })),
    );
  }
  const recorded: string[] = [];
  const first = (name: string) => e.samples.find((s) => s.name === name);
  const duration = first("job_duration_seconds");
  if (duration) {
    const status = duration.labels.status ?? first("records_processed_total")?.labels.status ?? "success";
    const r = await recordJobMetrics(
      db,
      jobMetricsOf({
        job: duration.labels.job ?? opts.job,
        duration_seconds: Math.max(0, duration.value),
        records_processed: first("records_processed_total")?.value ?? 0,
        records_failed: first("records_failed_total")?.value ?? 0,
        status,
      }),
      opts.by,
    );
    recorded.push(`run ${r.runId} of job ${r.job}`);
  }
  for (const q of e.samples.filter((s) => s.name === "data_quality_score")) {
    const layer = q.labels.layer ?? "unknown";
    const job = q.labels.job ?? opts.job;
    if (!Number.isFinite(q.value)) continue;
    const r = await recordQuality(
      db,
      { dataset: `${layer}/${job}`, layer, score: Math.max(0, Math.min(100, q.value)), checks: [] },
      opts.by,
      "pushgateway",
    );
    recorded.push(`quality ${r.score} for ${r.dataset}`);
  }
  await db.lineageEvent.create({
    data: {
      hash: canonicalHash({ push: opts.text, job: opts.job, instance: opts.instance, nonce: randomUUID() }),
      kind: "pushgateway",
      eventTime: new Date(),
      body: {
        job: opts.job,
        instance: opts.instance,
        text: opts.text.slice(0, 100_000),
        skipped: e.skipped,
        notes: e.notes,
      } as Prisma.InputJsonValue,
      receivedBy: opts.by,
    },
  });
  return {
    job: opts.job,
    instance: opts.instance,
    samples: e.samples.length,
    recorded,
    skipped: e.skipped,
    notes: e.notes,
  };
}
