#!/usr/bin/env bash
# bench/lineage: OpenLineage ingest rate and latency at 32 concurrent clients (goal on PostgreSQL: >= 2,000
# events/s sustained, p99 < 50 ms), and graph queries of depth 5 on 10,000 datasets and 50,000 edges (goal
# p95 < 100 ms), on PGlite and on PostgreSQL. Usage: npm run bench:lineage [-- SECONDS]   Appends to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-20}
PORT=3972
export NEXT_TELEMETRY_DISABLED=1 NEXT_DIST_DIR=.next-bench LOG_LEVEL=warn
source scripts/test/postgres.sh
WORK=$(mktemp -d /tmp/nexus-bench-lineage.XXXXXX)
source bench/lib.sh
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; pg_test_stop; rm -rf "$WORK"; }
trap cleanup EXIT

bench_build
pg_test_start >/dev/null

run_one() { # $1 = label; DATABASE_URL or NEXUS_DATA_DIR set by the caller
  local seeded token ingest graph
  seeded=$(npx tsx --conditions=react-server bench/lineage-seed-graph.ts)
  token=$(NEXUS_ADMIN_PASSWORD=bench-admin-password bench_token operator)
  bench_serve "$WORK/$1.log"
  graph=$(node bench/lineage.mjs graph "http://127.0.0.1:$PORT" "$token" 200 5)
  ingest=$(node bench/lineage.mjs ingest "http://127.0.0.1:$PORT" "$token" 32 "$SECONDS_RUN")
  bench_stop
  echo "$1|$seeded|$ingest|$graph"
}

export NEXUS_DATA_DIR="$WORK/pglite"
R1=$(run_one pglite)
unset NEXUS_DATA_DIR
export DATABASE_URL="$TEST_DATABASE_URL"
R2=$(run_one postgresql)
unset DATABASE_URL

MACHINE="$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), node $(node --version), PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') (fsync off, same machine), PGlite 0.5.16"
node - "$R1" "$R2" "$SECONDS_RUN" "$MACHINE" <<'JS' | tee -a bench/RESULTS.md
const [r1, r2, secs, machine] = process.argv.slice(2);
const rows = [r1, r2].map((r) => { const [db, seeded, ingest, graph] = r.split("|"); return { db, seeded: JSON.parse(seeded), ingest: JSON.parse(ingest), graph: JSON.parse(graph) }; });
console.log(`
### lineage-ingest and lineage-graph — ${new Date().toISOString().slice(0, 16)}Z

Command: \`npm run bench:lineage -- ${secs}\` · machine: ${machine} · load generator on the same machine.

**Ingest**: POST /api/v1/lineage, one OpenLineage RunEvent per request (START then COMPLETE of fresh runs, one input and one output with statistics; each event authenticated, validated, hashed, then stored raw, applied to jobs, runs, datasets and edges and audited by group commit: the events that arrive while a batch is written go into the next transaction, and each request is answered after its batch commits), served by scripts/serve.mjs, 32 concurrent keep-alive clients, ${secs} s after a 3 s warm-up. Goal on PostgreSQL: ≥ 2,000 events/s, p99 < 50 ms.

| database | events | events/s | p50 ms | p95 ms | p99 ms | max ms | errors | non-201 |
|---|---|---|---|---|---|---|---|---|
${rows.map((r) => `| ${r.db} | ${r.ingest.events} | ${r.ingest.eps} | ${r.ingest.p50} | ${r.ingest.p95} | ${r.ingest.p99} | ${r.ingest.max} | ${r.ingest.errors} | ${r.ingest.non2xx} |`).join("\n")}

**Graph**: GET /api/v1/lineage/graph?direction=both&depth=5 around random datasets of a synthetic graph of ${rows[0].seeded.datasets.toLocaleString()} datasets, 5,000 jobs and ${rows[0].seeded.edges.toLocaleString()} edges (10 layers; each job reads 5 datasets and writes 5), 200 sequential queries after 5 warm-up ones. Goal: p95 < 100 ms.

| database | avg nodes returned | p50 ms | p95 ms | max ms |
|---|---|---|---|---|
${rows.map((r) => `| ${r.db} | ${r.graph.avgNodes} | ${r.graph.p50} | ${r.graph.p95} | ${r.graph.max} |`).join("\n")}
`);
JS
