#!/usr/bin/env bash
# bench/api-read: p95/p99 latency of an authenticated read (GET /api/v1/jobs?limit=20 with a Bearer
# token: token lookup + one query) at 50 concurrent connections, on PGlite and on PostgreSQL.
# Usage: npm run bench:api-read [-- SECONDS]   Appends the figures to bench/RESULTS.md.
# Comparing builds in one run (absolute figures move with the machine and its load): BENCH_DISTS="A B" names
# build directories (each built beforehand with NEXT_DIST_DIR=<dir> npx next build, e.g. A from the base commit's
# tree) that are measured in alternating rounds (BENCH_ROUNDS, default 3), with ratios of B to A; no build then.
# BENCH_SKIP_BUILD=1 reuses the build in $NEXT_DIST_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-15}
CONN=50
PORT=${BENCH_PORT:-3970}
export NEXT_TELEMETRY_DISABLED=1 NEXT_DIST_DIR=${NEXT_DIST_DIR:-.next-bench} LOG_LEVEL=warn
DISTS=${BENCH_DISTS:-}
ROUNDS=${BENCH_ROUNDS:-3}
source scripts/test/postgres.sh
WORK=$(mktemp -d /tmp/nexus-bench.XXXXXX)
source bench/lib.sh
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; pg_test_stop; rm -rf "$WORK"; }
trap cleanup EXIT

if [ -n "$DISTS" ]; then
  for d in $DISTS; do [ -d "$d" ] || { echo "bench: no build in $d" >&2; exit 1; }; done
elif [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
  bench_build
fi
pg_test_start >/dev/null

run_one() { # $1 = label; DATABASE_URL / NEXUS_DATA_DIR and NEXT_DIST_DIR set by caller; $2 = 1: also at 10
  local token
  token=$(NEXUS_ADMIN_PASSWORD=bench-admin-password bench_token viewer)
  bench_serve "$WORK/serve.log"
  local result result10
  result=$(node bench/api-read.mjs "http://127.0.0.1:$PORT/api/v1/jobs?limit=20" "$token" $CONN "$SECONDS_RUN" 3)
  echo "$1 $result"
  if [ "${2:-0}" = 1 ]; then
    # For context only: the same read at 10 connections (latency at 50 is mostly queueing on one event loop).
    result10=$(node bench/api-read.mjs "http://127.0.0.1:$PORT/api/v1/jobs?limit=20" "$token" 10 "$SECONDS_RUN" 2)
    echo "$1@10 $result10"
  fi
  bench_stop
}

run_db() { # $1 = database label
  if [ -z "$DISTS" ]; then
    run_one "$1" 1
    return
  fi
  for round in $(seq 1 "$ROUNDS"); do
    for d in $DISTS; do NEXT_DIST_DIR=$d run_one "$1#$d#$round"; done
  done
}

LOAD_BEFORE=$(uptime | sed 's/.*load average: //')
export NEXUS_DATA_DIR="$WORK/pglite"
RESULTS=$(run_db pglite)
unset NEXUS_DATA_DIR
export DATABASE_URL="$TEST_DATABASE_URL"
RESULTS="$RESULTS
$(run_db postgresql)"
unset DATABASE_URL

MACHINE="$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), node $(node --version), PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), PGlite 0.5.16"
{
  echo ""
  echo "### api-read — $(date -u +%Y-%m-%dT%H:%MZ)"
  echo ""
  if [ -n "$DISTS" ]; then
    echo "Command: \`BENCH_DISTS=\"$DISTS\" BENCH_ROUNDS=$ROUNDS npm run bench:api-read -- $SECONDS_RUN\` · machine: $MACHINE · load generator on the same machine · load average before: $LOAD_BEFORE, after: $(uptime | sed 's/.*load average: //')."
    echo "GET /api/v1/jobs?limit=20 with a viewer Bearer token, $CONN connections, ${SECONDS_RUN}s after a warm-up; the builds alternate round by round on each database."
  else
    echo "Command: \`npm run bench:api-read -- $SECONDS_RUN\` · machine: $MACHINE · load generator on the same machine."
    echo "GET /api/v1/jobs?limit=20 with a viewer Bearer token, ${SECONDS_RUN}s after a warm-up; the @10 rows are the same read at 10 connections, for context."
  fi
  echo ""
  node bench/api-read-table.mjs "$DISTS" <<< "$RESULTS"
} | tee -a bench/RESULTS.md
