#!/usr/bin/env node
// Load generator for bench/lineage.sh.
//   ingest URL TOKEN CONNECTIONS SECONDS: POST OpenLineage RunEvents (START then COMPLETE of fresh runs, one input,
//     one output with statistics) from CONNECTIONS concurrent clients; every latency recorded.
//   graph URL TOKEN N DEPTH: N graph queries around random datasets of the synthetic graph, sequential.
import { randomUUID } from "node:crypto";
import { Agent, request } from "undici";

const [mode, url, token, a = "32", b = "20"] = process.argv.slice(2);
const round = (x) => Math.round(x * 10) / 10;
const pctOf = (xs) => {
  xs.sort((p, q) => p - q);
  return (p) => xs[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
};
const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
const facet = (body) => ({
  _producer: "https://example.com/bench",
  _schemaURL: "https://openlineage.io/spec/facets/1-0-0/X.json",
  ...body,
});

if (mode === "ingest") {
  const connections = Number(a),
    seconds = Number(b);
  const agent = new Agent({ connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const event = (runId, type, i) =>
    JSON.stringify({
      eventType: type,
      eventTime: new Date().toISOString(),
      producer: "https://example.com/bench",
      schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent",
      run: { runId },
      job: { namespace: "bench", name: `job_${i % 200}` },
      inputs: [
        {
          namespace: "s3a://bronze",
          name: `in_${i % 500}`,
          inputFacets: { inputStatistics: facet({ rowCount: 1000 }) },
        },
      ],
      outputs: [
        {
          namespace: "s3a://silver",
          name: `out_${i % 500}`,
          outputFacets: { outputStatistics: facet({ rowCount: 990 }) },
        },
      ],
    });
  async function run(durationMs, record) {
    const lat = [];
    let errors = 0,
      non2xx = 0,
      n = 0;
    const until = performance.now() + durationMs;
    async function worker() {
      while (performance.now() < until) {
        const i = n++;
        const runId = randomUUID();
        for (const type of ["START", "COMPLETE"]) {
          const t0 = performance.now();
          try {
            const res = await request(`${url}/api/v1/lineage`, {
              method: "POST",
              headers,
              body: event(runId, type, i),
              dispatcher: agent,
            });
            await res.body.dump();
            if (res.statusCode !== 201) non2xx++;
            if (record) lat.push(performance.now() - t0);
          } catch {
            errors++;
          }
        }
      }
    }
    await Promise.all(Array.from({ length: connections }, worker));
    return { lat, errors, non2xx };
  }
  await run(3000, false);
  const t0 = performance.now();
  const { lat, errors, non2xx } = await run(seconds * 1000, true);
  const elapsed = (performance.now() - t0) / 1000;
  const pct = pctOf(lat);
  console.log(
    JSON.stringify({
      events: lat.length,
      eps: Math.round(lat.length / elapsed),
      p50: round(pct(50)),
      p95: round(pct(95)),
      p99: round(pct(99)),
      max: round(pct(100)),
      errors,
      non2xx,
    }),
  );
} else if (mode === "graph") {
  const n = Number(a),
    depth = Number(b);
  const lat = [];
  let nodes = 0;
  for (let i = 0; i < n + 5; i++) {
    const d = Math.floor(Math.random() * 4000); // datasets of the first layers, so depth 5 has room downstream
    const t0 = performance.now();
    const res = await fetch(`${url}/api/v1/lineage/graph?node=dataset:g_${d}&direction=both&depth=${depth}`, {
      headers,
    });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`graph ${res.status} ${JSON.stringify(body)}`);
    if (i >= 5) {
      lat.push(performance.now() - t0);
      nodes += body.nodes.length;
    }
  }
  const pct = pctOf(lat);
  console.log(
    JSON.stringify({
      queries: n,
      depth,
      avgNodes: Math.round(nodes / n),
      p50: round(pct(50)),
      p95: round(pct(95)),
      max: round(pct(100)),
    }),
  );
}
