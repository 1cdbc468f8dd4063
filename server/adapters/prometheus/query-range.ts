import "server-only";
import { z } from "zod";
import { DependencyUnavailableError } from "../../errors.ts";
import { ProbeFailure } from "../probe/errors.ts";
import { httpGet } from "../probe/http.ts";
import { redact } from "../probe/redact.ts";

/** One series of a range query: its labels and its points as [epoch ms, value], non-finite values left out. */
export type PrometheusSeries = { labels: Record<string, string>; points: [number, number][] };

const RangeResponse = z.object({
  status: z.literal("success"),
  data: z.object({
    result: z.array(
      z.object({ metric: z.record(z.string(), z.string()), values: z.array(z.tuple([z.number(), z.string()])) }),
    ),
  }),
});

/**
 * A range query against Prometheus' HTTP API (/api/v1/query_range), bounded by the timeout. A Prometheus that does not
 * answer, answers an error or something else than a result is a DependencyUnavailableError that says which.
 */
export async function queryRange(
  prometheusUrl: string,
  q: { query: string; startMs: number; endMs: number; stepSeconds: number },
  timeoutMs: number,
): Promise<PrometheusSeries[]> {
  const url = new URL("/api/v1/query_range", prometheusUrl);
  url.search = new URLSearchParams({
    query: q.query,
    start: String(q.startMs / 1000),
    end: String(q.endMs / 1000),
    step: String(q.stepSeconds),
  }).toString();
  let r;
  try {
    r = await httpGet(url.toString(), timeoutMs);
  } catch (e) {
    throw new DependencyUnavailableError(
      "prometheus",
      `Prometheus did not answer: ${e instanceof ProbeFailure ? e.message : String(e)}`,
    );
  }
  if (r.status !== 200)
    throw new DependencyUnavailableError("prometheus", `HTTP ${r.status} from ${redact(prometheusUrl)} for ${q.query}`);
  let body: unknown = null;
  try {
    body = JSON.parse(r.body);
  } catch {
    /* reported below */
  }
  const parsed = RangeResponse.safeParse(body);
  if (!parsed.success)
    throw new DependencyUnavailableError(
      "prometheus",
      `unexpected answer from ${redact(prometheusUrl)} for ${q.query}`,
    );
  return parsed.data.data.result.map((s) => ({
    labels: s.metric,
    points: s.values.map(([t, v]) => [t * 1000, Number(v)] as [number, number]).filter(([, v]) => Number.isFinite(v)),
  }));
}
