#!/usr/bin/env node
// Load generator for bench/api-read.sh: N concurrent keep-alive connections for D seconds against one
// URL, every latency recorded (no sampling), exact percentiles. Prints one JSON line; fromUs/toUs bound the
// measured window in process.hrtime microseconds (the clock of V8's CPU profiles: bench/profile-summary.mjs).
import { Agent, request } from "undici";

const [url, token, connections = "50", seconds = "15", warmup = "3"] = process.argv.slice(2);
const agent = new Agent({ connections: Number(connections), pipelining: 1, keepAliveTimeout: 30_000 });
const headers = { authorization: `Bearer ${token}` };

async function run(durationMs, record) {
  const latencies = [];
  let errors = 0,
    non2xx = 0;
  const until = performance.now() + durationMs;
  async function worker() {
    while (performance.now() < until) {
      const t0 = performance.now();
      try {
        const res = await request(url, { headers, dispatcher: agent });
        await res.body.dump();
        if (res.statusCode !== 200) non2xx++;
        if (record) latencies.push(performance.now() - t0);
      } catch {
        errors++;
      }
    }
  }
  await Promise.all(Array.from({ length: Number(connections) }, worker));
  return { latencies, errors, non2xx };
}

await run(Number(warmup) * 1000, false);
const t0 = performance.now();
const fromUs = Number(process.hrtime.bigint() / 1000n);
const { latencies, errors, non2xx } = await run(Number(seconds) * 1000, true);
const toUs = Number(process.hrtime.bigint() / 1000n);
const elapsed = (performance.now() - t0) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)];
const round = (x) => Math.round(x * 10) / 10;
console.log(
  JSON.stringify({
    requests: latencies.length,
    rps: Math.round(latencies.length / elapsed),
    errors,
    non2xx,
    p50: round(pct(50)),
    p95: round(pct(95)),
    p99: round(pct(99)),
    max: round(latencies.at(-1)),
    fromUs,
    toUs,
  }),
);
await agent.close();
