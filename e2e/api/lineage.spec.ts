import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { BASE_URL, signedIn, withToken } from "../fixtures/api";

const python = `${process.env.NEXUS_TEST_VENV ?? "/var/cache/nexus-test/venv"}/bin/python`;

test.describe("lineage over HTTP", () => {
  test("the standard openlineage-python client reports runs (Bearer and basic auth); the graph, runs and CI gate answer", async () => {
    const admin = await signedIn();
    const writer = await withToken(admin, "operator", `ol-writer-${randomUUID().slice(0, 6)}`);
    const runId = randomUUID();
    const failedRunId = randomUUID();
    const out = execFileSync(
      python,
      ["test/fixtures/openlineage_emit.py", BASE_URL, writer.token, runId, failedRunId],
      { encoding: "utf8", timeout: 60_000 },
    );
    expect(out).toContain("emitted");

    const runs = (await (await writer.ctx.get("/api/v1/lineage/runs?limit=50")).json()) as {
      runs: {
        id: string;
        state: string;
        rowsIn: number;
        rowsOut: number;
        errorMessage: string | null;
        durationSeconds: number;
      }[];
    };
    expect(runs.runs.find((r) => r.id === runId)).toMatchObject({
      state: "COMPLETE",
      rowsIn: 1000,
      rowsOut: 960,
      durationSeconds: 180,
    });
    expect(runs.runs.find((r) => r.id === failedRunId)).toMatchObject({
      state: "FAIL",
      errorMessage: "java.lang.OutOfMemoryError: Java heap space",
    });

    const graph = (await (
      await writer.ctx.get("/api/v1/lineage/graph?node=dataset:app_events&direction=downstream&depth=2")
    ).json()) as { nodes: { name: string; kind: string }[]; edges: { lossPercent: number | null }[] };
    expect(graph.nodes.map((n) => n.name).sort()).toEqual([
      "app_events",
      "bronze_to_silver",
      "silver.app_events_cleaned",
    ]);
    expect(graph.edges.some((e) => e.lossPercent !== null && Math.abs(e.lossPercent - 4) < 0.01)).toBe(true);

    // Quality from the assertions facet: 2 of 3 passed = 66.7, under the seed's 80.
    const gate = await writer.ctx.get("/api/v1/quality/gate?dataset=silver.app_events_cleaned&min=80");
    expect(gate.status()).toBe(412);
    expect(((await gate.json()) as { results: { reason: string }[] }).results[0]!.reason).toMatch(
      /score 66\.7 is below 80/,
    );
    // Above the score, the failed check (unique on user_id) still fails the gate (#15: each check by its latest result).
    const lower = await writer.ctx.get("/api/v1/quality/gate?dataset=silver.app_events_cleaned&min=60");
    expect(lower.status()).toBe(412);
    expect(((await lower.json()) as { results: { reason: string }[] }).results[0]!.reason).toMatch(
      /^unique on user_id failed at 2026-11-25T09:03:00\.000Z$/,
    );
    // The seed's gauge, by layer, for Prometheus.
    const metrics = await (await writer.ctx.get("/api/metrics")).text();
    expect(metrics).toMatch(/^data_quality_score\{layer="silver"\} \d+(\.\d+)?$/m);
  });

  test("openlineage-python's events with a facet of every standard kind it ships are accepted and stored; one breaking a facet's required field is refused with its path", async () => {
    const admin = await signedIn();
    const writer = await withToken(admin, "operator", `ol-full-${randomUUID().slice(0, 6)}`);
    const runId = randomUUID(),
      suffix = randomUUID().slice(0, 8);
    const printed = execFileSync(
      python,
      ["test/fixtures/openlineage_emit_full.py", BASE_URL, writer.token, runId, suffix],
      { encoding: "utf8", timeout: 60_000 },
    );
    const { answers, facets } = JSON.parse(printed) as {
      answers: { status: number; body: { kind: string; warnings: unknown[] } }[];
      facets: Record<string, string[]>;
    };
    expect(answers.map((a) => [a.status, a.body.kind, a.body.warnings])).toEqual([
      [201, "run", []],
      [201, "dataset", []],
      [201, "job", []],
    ]);
    expect(
      facets.run!.length +
        facets.job!.length +
        facets.dataset!.length +
        facets.inputFacets!.length +
        facets.outputFacets!.length,
    ).toBeGreaterThanOrEqual(25);

    const ns = `olspec-${suffix}`;
    const jobs = (await (await admin.get(`/api/v1/lineage/jobs?namespace=${ns}&search=orders_clean`)).json()) as {
      jobs: { id: string; name: string }[];
    };
    const job = jobs.jobs.find((j) => j.name === "orders_clean")!;
    const detail = (await (await admin.get(`/api/v1/lineage/jobs/${job.id}`)).json()) as {
      facets: Record<string, unknown>;
    };
    expect(Object.keys(detail.facets).sort()).toEqual(expect.arrayContaining(facets.job!));
    const runs = (await (await admin.get(`/api/v1/lineage/runs?jobId=${job.id}`)).json()) as {
      runs: { id: string; state: string }[];
    };
    expect(runs.runs.find((r) => r.id === runId)).toMatchObject({ state: "COMPLETE" });

    const offline = JSON.parse(
      execFileSync(python, ["test/fixtures/openlineage_emit_full.py", "-", "-", randomUUID(), suffix], {
        encoding: "utf8",
        timeout: 60_000,
      }),
    ) as {
      events: { job: { facets: { sql: Record<string, unknown> } } }[];
    };
    const broken = offline.events[0]!;
    delete broken.job.facets.sql.query; // the SQL job facet requires its query
    const refused = await admin.post("/api/v1/lineage", { data: broken });
    expect(refused.status()).toBe(400);
    expect(((await refused.json()) as { errors: { path: string; message: string }[] }).errors).toEqual([
      { path: "job.facets.sql.query", message: "required" },
    ]);
  });

  test("real producers' events off the spec's formats are accepted: a zone-less eventTime is read as UTC, dbt's BigQuery uri kept; the answer says so (issue #15)", async () => {
    const admin = await signedIn();
    const writer = await withToken(admin, "operator", `ol-formats-${randomUUID().slice(0, 6)}`);
    const runId = randomUUID(),
      dbtRunId = randomUUID(),
      suffix = randomUUID().slice(0, 8);
    const printed = execFileSync(
      python,
      ["test/fixtures/openlineage_emit_formats.py", BASE_URL, writer.token, runId, dbtRunId, suffix],
      { encoding: "utf8", timeout: 60_000 },
    );
    type Warning = { path: string; format: string; action: string; message: string; value?: string };
    const answers = JSON.parse(printed.trim().split("\n").at(-1)!) as {
      status: number;
      body: { warnings: Warning[] };
    }[];
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    expect(answers[0]!.body.warnings).toEqual([
      {
        path: "eventTime",
        format: "date-time",
        action: "normalized",
        value: "2021-11-03T10:53:52.427343Z",
        message: expect.stringMatching(/no time zone: read as UTC/),
      },
    ]);
    for (const a of answers.slice(2)) {
      expect(a.body.warnings.map((w) => `${w.path} ${w.format} ${w.action}`).sort()).toEqual([
        "inputs.0.facets.dataSource.uri uri kept",
        "outputs.0.facets.dataSource.uri uri kept",
      ]);
    }

    // Read back: the zone-less times stored as those times in UTC.
    const jobs = (await (
      await writer.ctx.get(`/api/v1/lineage/jobs?namespace=python-example&search=zoneless_${suffix}`)
    ).json()) as { jobs: { id: string }[] };
    const runs = (await (await writer.ctx.get(`/api/v1/lineage/runs?jobId=${jobs.jobs[0]!.id}`)).json()) as {
      runs: Record<string, unknown>[];
    };
    expect(runs.runs).toEqual([
      expect.objectContaining({
        id: runId,
        state: "COMPLETE",
        startedAt: "2021-11-03T10:53:52.427Z",
        endedAt: "2021-11-03T10:58:52.427Z",
        durationSeconds: 300,
      }),
    ]);

    // The dbt model's output dataset, its dataSource kept as sent, and its run.
    const datasets = (await (
      await writer.ctx.get(`/api/v1/lineage/datasets?namespace=bigquery&search=jaffle_shop_${suffix}.orders`)
    ).json()) as { datasets: { id: string; name: string }[] };
    const orders = datasets.datasets.find((d) => d.name === `analytics.jaffle_shop_${suffix}.orders`)!;
    const detail = (await (await writer.ctx.get(`/api/v1/lineage/datasets/${orders.id}`)).json()) as {
      facets: { dataSource: { uri: string; name: string } };
      upstream: { name: string }[];
    };
    expect(detail.facets.dataSource).toMatchObject({ name: "bigquery", uri: "bigquery" });
    expect(detail.upstream.map((d) => d.name)).toEqual([`analytics.jaffle_shop_${suffix}.stg_orders`]);
    const dbtRuns = (await (await writer.ctx.get("/api/v1/lineage/runs?limit=100")).json()) as {
      runs: Record<string, unknown>[];
    };
    expect(dbtRuns.runs.find((r) => r.id === dbtRunId)).toMatchObject({
      state: "COMPLETE",
      rowsOut: 99,
      durationSeconds: 7,
    });
  });

  test("bad input: invalid event paths (400), anonymous (401), a viewer (403), an oversized event (413)", async () => {
    const admin = await signedIn();
    const bad = await admin.post("/api/v1/lineage", {
      data: { eventTime: "x", run: { runId: "y" }, job: {}, producer: "p", schemaURL: "s" },
    });
    expect(bad.status()).toBe(400);
    const problem = (await bad.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(["eventTime", "run.runId", "job.namespace", "job.name"]),
    );

    const anon = await fetch(`${BASE_URL}/api/v1/lineage`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(anon.status).toBe(401);
    const viewer = await withToken(admin, "viewer", `ol-viewer-${randomUUID().slice(0, 6)}`);
    expect((await viewer.ctx.post("/api/v1/lineage", { data: {} })).status()).toBe(403);
    const wrongBasic = await fetch(`${BASE_URL}/api/v1/lineage`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Basic ${Buffer.from("admin:e2e-admin-password").toString("base64")}`,
      },
      body: "{}",
    });
    expect(wrongBasic.status).toBe(401); // a user's password is not an API token

    // Nesting deep enough to overflow a recursive walk, well under the size limit: refused before any validator runs.
    const deep = `{"eventTime":"2026-11-25T00:00:00Z","producer":"https://x.test","schemaURL":"https://x.test/s","run":{"runId":"${randomUUID()}"},"job":{"namespace":"n","name":"j"},"outputs":[{"namespace":"n","name":"d","facets":{"schema":{"_producer":"https://x.test","_schemaURL":"https://x.test/s","fields":${'[{"name":"a","fields":'.repeat(5000)}[]${"}]".repeat(5000)}}}}]}`;
    const deepAnswer = await admin.post("/api/v1/lineage", {
      data: deep,
      headers: { "content-type": "application/json" },
    });
    expect(deepAnswer.status()).toBe(400);
    expect(((await deepAnswer.json()) as { detail: string }).detail).toMatch(/deeper than 100 levels/);

    const huge = {
      eventTime: "2026-11-25T00:00:00Z",
      producer: "p",
      schemaURL: "s",
      dataset: {
        namespace: "n",
        name: "d",
        facets: { big: { _producer: "p", _schemaURL: "s", blob: "x".repeat(1_200_000) } },
      },
    };
    expect((await admin.post("/api/v1/lineage", { data: huge })).status()).toBe(413);
  });
});

test.describe("ingest answered by the production server itself (scripts/serve.mjs)", () => {
  const event = (runId: string, type: string) => ({
    eventType: type,
    eventTime: "2026-11-25T12:00:00Z",
    producer: "https://example.com/e2e",
    schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent",
    run: { runId },
    job: { namespace: "e2e-fast", name: "fast_job" },
  });

  test("same headers, one audit event per event (201 new, 200 repeat), NUL refused with its path, a chunked body past the limit answered 413", async () => {
    const admin = await signedIn();
    const writer = await withToken(admin, "operator", `ol-fast-${randomUUID().slice(0, 6)}`);
    const runId = randomUUID();
    const post = (body: unknown, extra: Record<string, string> = {}) =>
      fetch(`${BASE_URL}/api/v1/lineage`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${writer.token}`, ...extra },
        body: JSON.stringify(body),
      });
    const made = await post(event(runId, "START"), { "x-request-id": `fast-${runId.slice(0, 8)}` });
    expect(made.status).toBe(201);
    expect(made.headers.get("x-request-id")).toBe(`fast-${runId.slice(0, 8)}`);
    expect(made.headers.get("x-content-type-options")).toBe("nosniff");
    expect(made.headers.get("x-frame-options")).toBe("DENY");
    expect(made.headers.get("content-type")).toBe("application/json");
    expect((await post(event(runId, "START"))).status).toBe(200);
    // Concurrent events are written in one batch; each is audited once, with its own outcome.
    const statuses = await Promise.all(
      ["RUNNING", "COMPLETE", "COMPLETE"].map((t) => post(event(runId, t)).then((r) => r.status)),
    );
    expect(statuses.sort()).toEqual([200, 201, 201]);
    const audit = (await (await admin.get(`/api/v1/audit?action=lineage.ingest&q=${runId}&limit=50`)).json()) as {
      events: { status: number; actorType: string; target: string }[];
    };
    expect(audit.events.map((e) => e.status).sort()).toEqual([200, 200, 201, 201, 201]);
    expect(audit.events.every((e) => e.actorType === "token" && e.target === `run:${runId}`)).toBe(true);

    const nul = await post({ ...event(randomUUID(), "START"), job: { namespace: "e2e-fast", name: "a\u0000b" } });
    expect(nul.status).toBe(400);
    expect(((await nul.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe("body.job.name");

    // No content-length: the server keeps one byte past the limit, drops the rest and answers 413.
    let sent = 0;
    const chunks = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent++ < 40) c.enqueue(new TextEncoder().encode("x".repeat(64 * 1024)));
        else c.close();
      },
    });
    const big = await fetch(`${BASE_URL}/api/v1/lineage`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${writer.token}` },
      body: chunks,
      duplex: "half",
    } as RequestInit);
    expect(big.status).toBe(413);
    expect(((await big.json()) as { detail: string }).detail).toMatch(/exceeds the limit of 1048576 bytes/);
  });
});

test.describe("Great Expectations", () => {
  test("a real validation's result JSON, as the library writes it, becomes a quality result with one check per expectation", async () => {
    const admin = await signedIn();
    const writer = await withToken(admin, "operator", `ge-${randomUUID().slice(0, 6)}`);
    const dataset = `users_${randomUUID().slice(0, 6)}`;
    const out = JSON.parse(
      execFileSync(python, ["test/fixtures/ge_validate.py", BASE_URL, writer.token, dataset, "silver"], {
        encoding: "utf8",
        timeout: 120_000,
      })
        .trim()
        .split("\n")
        .at(-1)!,
    ) as {
      status: number;
      body: { score: number; passed: number; failed: number; datasetId: string };
      ge_success_percent: number;
    };
    // 4 expectations: user_id has a null, age has two out of range; country and row count pass.
    expect(out).toMatchObject({ status: 201, ge_success_percent: 50, body: { score: 50, passed: 2, failed: 2 } });
    const detail = (await (await writer.ctx.get(`/api/v1/lineage/datasets/${out.body.datasetId}`)).json()) as {
      quality: { checks: { check: string; status: string }[] }[];
    };
    expect(detail.quality[0]!.checks.map((c) => `${c.check} ${c.status}`).sort()).toEqual([
      "expect_column_values_to_be_between(age) FAILED",
      "expect_column_values_to_be_in_set(country) PASSED",
      "expect_column_values_to_not_be_null(user_id) FAILED",
      "expect_table_row_count_to_be_between PASSED",
    ]);
  });
});

test.describe("Pushgateway-compatible push", () => {
  test("the seed's MetricsEmitter text (bare histogram, a broken line) becomes a run and a quality result; what was skipped is said", async () => {
    const admin = await signedIn();
    const writer = await withToken(admin, "operator", `push-${randomUUID().slice(0, 6)}`);
    const job = `bronze_to_silver_${randomUUID().slice(0, 6)}`;
    const text =
      [
        "# TYPE job_duration_seconds histogram",
        `job_duration_seconds{job="${job}",status="success"} 42.5`,
        `records_processed_total{job="${job}",status="success"} 1000`,
        `records_failed_total{job="${job}",status="success"} 50`,
        `data_quality_score{layer="silver",job="${job}"} 72.5`,
        "this line is broken",
      ].join("\n") + "\n";
    // As the seed sends it: POST, text/plain 0.0.4, the token as the basic-auth password of the gateway URL.
    const res = await fetch(`${BASE_URL}/metrics/job/${job}/instance/worker-1`, {
      method: "POST",
      headers: {
        "content-type": "text/plain; version=0.0.4",
        authorization: `Basic ${Buffer.from(`push:${writer.token}`).toString("base64")}`,
      },
      body: text,
    });
    const body = (await res.json()) as {
      samples: number;
      recorded: string[];
      skipped: { line: number; reason: string }[];
      notes: string[];
    };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.samples).toBe(4);
    expect(body.skipped).toEqual([expect.objectContaining({ line: 6 })]);
    expect(body.notes[0]).toContain("bare sample");

    const runs = (await (await writer.ctx.get("/api/v1/lineage/runs?limit=20")).json()) as {
      runs: { job: string; state: string; durationSeconds: number; rowsIn: number; rowsOut: number }[];
    };
    expect(runs.runs.find((r) => r.job === `nexus/${job}`)).toMatchObject({
      state: "COMPLETE",
      durationSeconds: 42.5,
      rowsIn: 1000,
      rowsOut: 950,
    });
    const gate = await writer.ctx.get(`/api/v1/quality/gate?dataset=silver/${job}&min=80`);
    expect(gate.status()).toBe(412);

    const anon = await fetch(`${BASE_URL}/metrics/job/${job}/instance/worker-1`, { method: "POST", body: text });
    expect(anon.status).toBe(401);
  });
});
