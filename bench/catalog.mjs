#!/usr/bin/env node
// Measurement half of bench/catalog.sh: the catalog page's data for one table (table detail + first snapshot page,
// in parallel as the page asks them) against pyiceberg's load_table + snapshot listing, interleaved run by run.
// One JSON line.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";

const [url, token, python, ns, table, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 50);
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const r1 = (x) => Math.round(x * 10) / 10;
const headers = { authorization: `Bearer ${token}` };
const base = `${url}/api/v1/catalog/namespaces/${encodeURIComponent(ns)}/tables/${encodeURIComponent(table)}`;

async function pageData() {
  const t0 = performance.now();
  const [d, s] = await Promise.all([
    fetch(base, { headers }),
    fetch(`${base}/snapshots?offset=0&limit=50`, { headers }),
  ]);
  const [detail, snaps] = await Promise.all([d.json(), s.json()]);
  if (d.status !== 200 || s.status !== 200)
    throw new Error(`${d.status} ${s.status} ${JSON.stringify(detail).slice(0, 300)}`);
  return { ms: performance.now() - t0, snapshots: detail.snapshotCount, page: snaps.snapshots.length };
}

const peer = spawn(python, ["bench/catalog_peer.py"], { stdio: ["pipe", "pipe", "inherit"] });
const lines = createInterface({ input: peer.stdout })[Symbol.asyncIterator]();
const next = async () => (await lines.next()).value;
if ((await next()) !== "ready") throw new Error("the pyiceberg peer did not start");
async function peerRun() {
  peer.stdin.write(`${ns}.${table}\n`);
  const [ms, n] = (await next()).split(" ");
  return { ms: Number(ms), snapshots: Number(n) };
}

for (let i = 0; i < 5; i++) {
  await pageData();
  await peerRun();
}
const ours = [],
  theirs = [];
let snapshots = 0,
  peerSnapshots = 0;
for (let i = 0; i < runs; i++) {
  // Past the capability's 2 s shared load (server/catalog/shared-load.ts): every run asks the catalog anew.
  await sleep(2100);
  const a = await pageData();
  const b = await peerRun();
  ours.push(a.ms);
  theirs.push(b.ms);
  snapshots = a.snapshots;
  peerSnapshots = b.snapshots;
}
const bytes = (await (await fetch(base, { headers })).arrayBuffer()).byteLength;
peer.stdin.end();
console.log(
  JSON.stringify({
    runs,
    snapshots,
    peerSnapshots,
    detailBytes: bytes,
    ours: { p50: r1(pct(ours, 50)), p95: r1(pct(ours, 95)), max: r1(Math.max(...ours)) },
    peer: { p50: r1(pct(theirs, 50)), p95: r1(pct(theirs, 95)), max: r1(Math.max(...theirs)) },
    ratioP95: Math.round((pct(ours, 95) / pct(theirs, 95)) * 100) / 100,
  }),
);
