#!/usr/bin/env bash
# bench/api-read: p95/p99 latency of an authenticated read (GET /api/v1/jobs?limit=20 with a Bearer
# token: token lookup + one query) at 50 concurrent connections, on PGlite and on PostgreSQL.
# Usage: npm run bench:api-read [-- SECONDS]   Appends the figures to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-15}
CONN=50
PORT=3970
export NEXT_TELEMETRY_DISABLED=1 NEXT_DIST_DIR=.next-bench LOG_LEVEL=warn
source scripts/test/postgres.sh
WORK=$(mktemp -d /tmp/nexus-bench.XXXXXX)
source bench/lib.sh
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; pg_test_stop; rm -rf "$WORK"; }
trap cleanup EXIT

bench_build
pg_test_start >/dev/null

run_one() { # $1 = label; DATABASE_URL / NEXUS_DATA_DIR set by caller
  local token
  token=$(NEXUS_ADMIN_PASSWORD=bench-admin-password bench_token viewer)
  bench_serve "$WORK/$1.log"
  local result result10
  result=$(node bench/api-read.mjs "http://127.0.0.1:$PORT/api/v1/jobs?limit=20" "$token" $CONN "$SECONDS_RUN" 3)
  # For context only: the same read at 10 connections (latency at 50 is mostly queueing on one event loop).
  result10=$(node bench/api-read.mjs "http://127.0.0.1:$PORT/api/v1/jobs?limit=20" "$token" 10 "$SECONDS_RUN" 2)
  bench_stop
  echo "$1 $result"
  echo "$1@10 $result10"
}

export NEXUS_DATA_DIR="$WORK/pglite"
RESULTS=$(run_one pglite)
unset NEXUS_DATA_DIR
export DATABASE_URL="$TEST_DATABASE_URL"
RESULTS="$RESULTS
$(run_one postgresql)"
unset DATABASE_URL

MACHINE="$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), node $(node --version), PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), PGlite 0.5.16"
{
  echo ""
  echo "### api-read — $(date -u +%Y-%m-%dT%H:%MZ)"
  echo ""
  echo "Command: \`npm run bench:api-read -- $SECONDS_RUN\` · machine: $MACHINE · load generator on the same machine."
  echo "GET /api/v1/jobs?limit=20 with a viewer Bearer token, ${SECONDS_RUN}s after a warm-up; the @10 rows are the same read at 10 connections, for context."
  echo ""
  echo "| database | connections | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | non-2xx |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  while IFS= read -r line; do
    label=${line%% *}; json=${line#* }
    node -e 'const [l,j]=process.argv.slice(1);const [db,c]=l.split("@");const r=JSON.parse(j);console.log(`| ${db} | ${c??50} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.max} | ${r.errors} | ${r.non2xx} |`)' "$label" "$json"
  done <<< "$RESULTS"
} | tee -a bench/RESULTS.md
