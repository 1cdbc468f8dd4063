import { expect, test } from "@playwright/test";
import { BASE_URL, signedIn, withToken } from "../fixtures/api";

type Parameter = { in: "query" | "path"; name: string };
type Doc = { paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: unknown }>> };
type Problem = { status: number; type: string; errors?: { path: string; message: string }[] };

/** Calls the API with an admin token; `body` is sent as JSON unless it is a string. */
async function call(token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === "string" ? body : body === undefined ? undefined : JSON.stringify(body);
  const type = typeof body === "string" ? "text/plain" : "application/json";
  return fetch(`${BASE_URL}${path}`, {
    method,
    body: text,
    headers: { authorization: `Bearer ${token}`, ...(text !== undefined && { "content-type": type }), ...headers },
  });
}

/** Values that pass each path parameter's schema, so that only the NUL put in one of them is wrong. */
const VALID: Record<string, string> = {
  action: "restart",
  partition: "0",
  offset: "0",
  id: "00000000-0000-4000-8000-000000000000",
};

/** An OpenAPI path with every path parameter filled in, one of them (`nul`) holding a NUL. */
function fill(path: string, nul?: string) {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => (name === nul ? "a%00b" : (VALID[name] ?? "x")));
}

test.describe("input PostgreSQL cannot store", () => {
  test("a NUL anywhere in params, query or body is a 400 naming its path on every operation, never a 500", async () => {
    const admin = await signedIn();
    const { token } = await withToken(admin, "admin", "nul-walker");
    const wrong: string[] = [];
    let checked = 0;
    const expectRefused = async (res: Response, path: string, what: string) => {
      checked++;
      const problem = (await res.json()) as Problem;
      const first = problem.errors?.[0];
      if (res.status !== 400 || first?.path !== path || !first.message.includes("NUL"))
        wrong.push(`${what}: ${res.status} ${JSON.stringify(problem.errors ?? problem.type)}`);
    };
    // The examples of issue #14 (500s before), by name, and the Pushgateway push's text body.
    const anon = await fetch(`${BASE_URL}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "ad\u0000min", password: "x" }),
    });
    await expectRefused(anon, "body.username", "anonymous login");
    await expectRefused(await call(token, "GET", "/api/v1/lineage/jobs?search=%00"), "query.search", "jobs search");
    await expectRefused(await call(token, "GET", "/api/v1/audit?actor=%00"), "query.actor", "audit actor");
    await expectRefused(await call(token, "GET", "/api/v1/quality/gate?dataset=a%00"), "query.dataset", "quality gate");
    await expectRefused(
      await call(token, "POST", "/api/v1/quality/results", {
        dataset: "d",
        layer: "gold",
        checks: [{ check: "c\u0000", status: "PASSED" }],
      }),
      "body.checks.0.check",
      "quality result",
    );
    await expectRefused(
      await call(token, "PATCH", "/api/v1/users/a%00b", { role: "viewer" }),
      "params.id",
      "users PATCH",
    );
    await expectRefused(
      await call(token, "PUT", "/api/v1/dlq/topics/dlq_failed_messages/mappings", {
        mappings: [{ source: "\u0000", targetTopic: "t" }],
      }),
      "body.mappings.0.source",
      "mappings",
    );
    await expectRefused(
      await call(token, "POST", "/metrics/job/j/instance/i", "job_duration_seconds 1\n# \u0000\n"),
      "body",
      "metrics push",
    );
    await expectRefused(
      await call(token, "POST", "/metrics/job/a%00b/instance/i", "job_duration_seconds 1\n"),
      "params.job",
      "metrics push job",
    );
    // Then every operation of the OpenAPI document: each path and query parameter, and the body.
    const doc = (await (await admin.get("/api/openapi.json")).json()) as Doc;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const m = method.toUpperCase();
        const body = op.requestBody ? { probe: "a\u0000b" } : undefined;
        for (const p of op.parameters ?? []) {
          const url = p.in === "path" ? fill(path, p.name) : `${fill(path)}?${p.name}=a%00b`;
          await expectRefused(
            await call(token, m, url, body),
            `${p.in === "path" ? "params" : "query"}.${p.name}`,
            `${m} ${url}`,
          );
        }
        if (body) await expectRefused(await call(token, m, fill(path), body), "body.probe", `${m} ${path} body`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(60);
  });

  test("a mutation refused for a NUL is still audited, and a lone surrogate is refused like a NUL", async () => {
    const admin = await signedIn();
    const { token } = await withToken(admin, "admin", "nul-auditor");
    const requestId = `nul-audit-${Date.now()}`;
    const res = await call(
      token,
      "POST",
      "/api/v1/tokens",
      { name: "bad\u0000name", role: "viewer" },
      { "x-request-id": requestId },
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as Problem).errors?.[0]?.path).toBe("body.name");
    const audit = (await (await admin.get("/api/v1/audit?action=token.create&limit=20")).json()) as {
      events: { requestId: string; outcome: string; status: number }[];
    };
    expect(audit.events.find((e) => e.requestId === requestId)).toMatchObject({ outcome: "failure", status: 400 });

    const surrogate = await call(
      token,
      "POST",
      "/api/v1/lineage/job-metrics",
      `{"job":"j\\ud800","duration_seconds":1}`,
      { "content-type": "application/json" },
    );
    expect(surrogate.status).toBe(400);
    expect(((await surrogate.json()) as Problem).errors?.[0]).toMatchObject({
      path: "body.job",
      message: expect.stringContaining("surrogate"),
    });
  });

  test("out-of-range times, durations, offsets and pushed samples are a 400 naming the field, never a 500", async () => {
    const admin = await signedIn();
    const { token } = await withToken(admin, "admin", "range-walker");
    const run = (t: string, at: string) => ({
      eventType: "START",
      eventTime: at,
      producer: "https://example.com/e2e",
      schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent",
      run: { runId: t },
      job: { namespace: "e2e-range", name: "j" },
    });
    // The OpenLineage ingest names paths inside the event, as its spec check does (server/lineage/openlineage.ts).
    const cases: [string, Promise<Response>, string][] = [
      [
        "job metrics, duration 1e12",
        call(token, "POST", "/api/v1/lineage/job-metrics", { job: "j", duration_seconds: 1e12 }),
        "body.duration_seconds",
      ],
      [
        "job metrics, the largest double as a count",
        call(token, "POST", "/api/v1/lineage/job-metrics", {
          job: "j",
          duration_seconds: 1e-7,
          records_processed: Number.MAX_VALUE,
        }),
        "body.records_processed",
      ],
      [
        "transformation, the largest double as a row count",
        call(token, "POST", "/api/v1/lineage/transformations", {
          job_name: "t",
          source: { layer: "bronze", tables: ["a"] },
          destination: { layer: "silver", table: "b" },
          metrics: { row_count_in: Number.MAX_VALUE },
        }),
        "body.metrics.row_count_in",
      ],
      [
        "OpenLineage, the largest double as a row count",
        call(token, "POST", "/api/v1/lineage", {
          ...run("0191f0b2-0000-7000-8000-0000000000a4", "2026-01-01T00:00:00Z"),
          outputs: [
            {
              namespace: "e2e-range",
              name: "out",
              outputFacets: {
                outputStatistics: {
                  _producer: "https://example.com/e2e",
                  _schemaURL: "https://openlineage.io/spec/facets/1-0-2/OutputStatisticsOutputDatasetFacet.json",
                  rowCount: Number.MAX_VALUE,
                },
              },
            },
          ],
        }),
        "outputs.0.outputFacets.outputStatistics.rowCount",
      ],
      [
        "job metrics, year 0",
        call(token, "POST", "/api/v1/lineage/job-metrics", {
          job: "j",
          duration_seconds: 1,
          timestamp: "0000-01-01T00:00:00Z",
        }),
        "body.timestamp",
      ],
      [
        "job metrics, start before year 1",
        call(token, "POST", "/api/v1/lineage/job-metrics", {
          job: "j",
          duration_seconds: 86_400,
          timestamp: "0001-01-01T00:00:00Z",
        }),
        "body.duration_seconds",
      ],
      [
        "transformation, year 0",
        call(token, "POST", "/api/v1/lineage/transformations", {
          job_name: "t",
          source: { layer: "bronze", tables: ["a"] },
          destination: { layer: "silver", table: "b" },
          timestamp: "0000-06-01T00:00:00",
        }),
        "body.timestamp",
      ],
      [
        "quality result, year 0",
        call(token, "POST", "/api/v1/quality/results", {
          dataset: "d",
          layer: "gold",
          timestamp: "0000-01-01T00:00:00Z",
        }),
        "body.timestamp",
      ],
      [
        "OpenLineage, year 0",
        call(token, "POST", "/api/v1/lineage", run("0191f0b2-0000-7000-8000-0000000000a1", "0000-01-01T00:00:00Z")),
        "eventTime",
      ],
      [
        "OpenLineage, past 9999 in UTC",
        call(
          token,
          "POST",
          "/api/v1/lineage",
          run("0191f0b2-0000-7000-8000-0000000000a2", "9999-12-31T23:59:59-14:00"),
        ),
        "eventTime",
      ],
      [
        "OpenLineage, a name past an index entry",
        call(token, "POST", "/api/v1/lineage", {
          ...run("0191f0b2-0000-7000-8000-0000000000a3", "2026-01-01T00:00:00Z"),
          job: { namespace: "e2e-range", name: "名".repeat(1024) },
        }),
        "job.name",
      ],
      [
        "Great Expectations, a number as data asset",
        call(token, "POST", "/api/v1/quality/great-expectations", {
          success: true,
          results: [],
          meta: { batch_spec: { data_asset_name: 5 } },
        }),
        "body.meta.batch_spec.data_asset_name",
      ],
      [
        "Great Expectations, a long data asset",
        call(token, "POST", "/api/v1/quality/great-expectations", {
          success: true,
          results: [],
          meta: { batch_spec: { data_asset_name: "名".repeat(1500) } },
        }),
        "body.meta.batch_spec.data_asset_name",
      ],
      ["audit filter, year 0", call(token, "GET", "/api/v1/audit?from=0000-01-01T00:00:00Z"), "query.from"],
      [
        "DLQ browse, before 1970",
        call(
          token,
          "GET",
          "/api/v1/dlq/topics/dlq_failed_messages/messages?partition=0&from=timestamp&timestamp=0001-01-01T00:00:00Z",
        ),
        "query.timestamp",
      ],
      [
        "DLQ groups, before 1970",
        call(token, "GET", "/api/v1/dlq/topics/dlq_failed_messages/groups?since=1969-01-01T00:00:00Z"),
        "query.since",
      ],
      [
        "DLQ message, offset past int64",
        call(token, "GET", "/api/v1/dlq/topics/dlq_failed_messages/messages/0/9999999999999999999"),
        "params.offset",
      ],
      [
        "push, +Inf duration",
        call(token, "POST", "/metrics/job/j/instance/i", "job_duration_seconds +Inf\n"),
        "job_duration_seconds",
      ],
      [
        "push, NaN records",
        call(token, "POST", "/metrics/job/j/instance/i", "job_duration_seconds 1\nrecords_processed_total NaN\n"),
        "records_processed_total",
      ],
    ];
    const wrong: string[] = [];
    for (const [what, pending, path] of cases) {
      const res = await pending;
      const problem = (await res.json()) as Problem;
      if (res.status !== 400 || !problem.errors?.some((e) => e.path === path))
        wrong.push(`${what}: ${res.status} ${JSON.stringify(problem.errors ?? problem.type)}`);
    }
    expect(wrong).toEqual([]);
  });
});
