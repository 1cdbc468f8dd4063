#!/usr/bin/env bash
# bench/catalog: the Catalog page's data for an Iceberg table with 1,000 snapshots (table detail + first snapshot page,
# as the page asks them) against pyiceberg's own load_table + snapshot listing on the same REST catalog, interleaved
# in one run. Goals: p95 < 300 ms and ≤ 1.5× pyiceberg. The catalog: scripts/test-env/iceberg.sh (started when it is
# not running, with the S3 server); the table bench.events_history is made once with pyiceberg (a few minutes).
# Usage: npm run bench:catalog [-- RUNS]   BENCH_SKIP_BUILD=1 reuses $NEXT_DIST_DIR. Appends to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-50}
SNAPSHOTS=${BENCH_SNAPSHOTS:-1000}
PORT=${BENCH_PORT:-3974}
export NEXT_TELEMETRY_DISABLED=1 NEXT_DIST_DIR=${NEXT_DIST_DIR:-.next-bench} LOG_LEVEL=warn NEXUS_ADMIN_PASSWORD=bench-admin-password
WORK=$(mktemp -d /tmp/nexus-bench-catalog.XXXXXX)
source bench/lib.sh
SERVER_PID=""
# Stop afterwards only what this run started.
s3_up=$(bash scripts/test-env/s3.sh status | grep -c running || true)
iceberg_up=$(bash scripts/test-env/iceberg.sh status | grep -c running || true)
cleanup() {
  bench_stop
  [ "$iceberg_up" != 0 ] || bash scripts/test-env/iceberg.sh down >/dev/null 2>&1
  [ "$s3_up" != 0 ] || bash scripts/test-env/s3.sh down >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ "$iceberg_up" = 0 ]; then
  echo "bench: starting S3 and the Iceberg REST catalog…"
  bash scripts/test-env/s3.sh up >"$WORK/env.log" 2>&1 && bash scripts/test-env/iceberg.sh up >>"$WORK/env.log" 2>&1 || { cat "$WORK/env.log"; exit 1; }
fi
export $(bash scripts/test-env/iceberg.sh env)
PY="$ICEBERG_VENV/bin/python"
have=$(curl -s "$ICEBERG_REST_URL/v1/namespaces/bench/tables/events_history" | "$PY" -c 'import json,sys; print(len(json.load(sys.stdin).get("metadata",{}).get("snapshots",[])))' 2>/dev/null || echo 0)
if [ "$have" -lt "$SNAPSHOTS" ]; then
  echo "bench: writing bench.events_history with $SNAPSHOTS snapshots (pyiceberg)…"
  "$PY" e2e/fixtures/iceberg_seed.py history bench events_history "$SNAPSHOTS" >/dev/null
fi
if [ "${BENCH_SKIP_BUILD:-}" = 1 ] && [ -f "$NEXT_DIST_DIR/BUILD_ID" ]; then echo "bench: reusing $NEXT_DIST_DIR"; else bench_build; fi
export NEXUS_DATA_DIR="$WORK/data" NEXUS_ICEBERG_URL="$ICEBERG_REST_URL" NEXUS_PROBE_INTERVAL_MS=0 NEXUS_JOBS_ENABLED=false
TOKEN=$(bench_token viewer)
bench_serve "$WORK/server.log"
R=$(node bench/catalog.mjs "http://127.0.0.1:$PORT" "$TOKEN" "$PY" bench events_history "$RUNS")

MACHINE="$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), node $(node --version), Iceberg RESTCatalogServer 1.10.0 (JDBC on PostgreSQL, S3 moto), pyiceberg 0.12.0, everything on the same machine, load average $(cut -d' ' -f1 /proc/loadavg) at the end"
node - "$R" "$RUNS" "$MACHINE" <<'JS' | tee -a bench/RESULTS.md
const [r, runs, machine] = process.argv.slice(2);
const x = JSON.parse(r);
const met = (ok) => (ok ? "met" : "**not met**");
console.log(`
### catalog-table — ${new Date().toISOString().slice(0, 16)}Z

Command: \`npm run bench:catalog -- ${runs}\` · machine: ${machine}.
Table \`bench.events_history\` with ${x.snapshots} snapshots (pyiceberg sees ${x.peerSnapshots}); the table detail answer is ${Math.round(x.detailBytes / 1024)} KiB.
**Ours**: the Catalog page's data over HTTP with a viewer token: GET …/tables/events_history and GET …/snapshots?limit=50 in
parallel, both parsed. **Peer**: pyiceberg's \`catalog.load_table()\` + listing every snapshot's id, parent, time, operation
and added records, in one warm Python process. ${runs} runs each, interleaved, after 5 warm-up runs; 2.1 s between runs,
so that no run reuses the app's 2 s shared load of the table (each run asks the catalog, as a first page view does).

| reader | p50 ms | p95 ms | max ms |
|---|---|---|---|
| Nexus page data | ${x.ours.p50} | ${x.ours.p95} | ${x.ours.max} |
| pyiceberg load_table + snapshots | ${x.peer.p50} | ${x.peer.p95} | ${x.peer.max} |

p95 ${x.ours.p95} ms (goal < 300 ms: ${met(x.ours.p95 < 300)}); p95 ratio Nexus / pyiceberg **${x.ratioP95}** (goal ≤ 1.5: ${met(x.ratioP95 <= 1.5)}).
`);
JS
