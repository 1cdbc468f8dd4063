#!/usr/bin/env bash
# bench/profile-read: where the server's CPU goes on bench api-read's load (GET /api/v1/jobs?limit=20 with a viewer
# Bearer token, 50 connections, PostgreSQL). The production server runs under `node --cpu-prof`; after the load,
# bench/profile-summary.mjs attributes the samples of the measured window to categories (Next.js, auth, zod, audit,
# logging, metrics, Prisma, pg, JSON, the health monitor, GC, ...). Two runs: the health monitor as configured by
# default (NEXUS_PROBE_INTERVAL_MS=10000) and switched off (0), to see its cost. NEXUS_PROBES and
# NEXUS_KAFKA_BROKERS in the environment reach the server: the monitor then has services to probe (without them it
# only looks at the database and the Docker engine).
# Usage: npm run bench:profile-read [-- SECONDS]   Appends the tables to bench/RESULTS.md.
# BENCH_SKIP_BUILD=1 reuses the build in $NEXT_DIST_DIR (default .next-bench); BENCH_PROFILE_DIR=DIR keeps the
# .cpuprofile files there (open them in Chrome DevTools' Performance panel).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-20}
CONN=50
PORT=${BENCH_PORT:-3971}
export NEXT_TELEMETRY_DISABLED=1 NEXT_DIST_DIR=${NEXT_DIST_DIR:-.next-bench} LOG_LEVEL=warn
source scripts/test/postgres.sh
WORK=$(mktemp -d /tmp/nexus-profile.XXXXXX)
source bench/lib.sh
SERVER_PID=""
cleanup() { bench_stop; pg_test_stop; rm -rf "$WORK"; }
trap cleanup EXIT

[ "${BENCH_SKIP_BUILD:-}" = 1 ] || bench_build
pg_test_start >/dev/null
export DATABASE_URL="$TEST_DATABASE_URL"
MACHINE="$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), node $(node --version), PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}')"
LOAD_BEFORE=$(uptime | sed 's/.*load average: //')

profile_one() { # $1 = label, $2 = NEXUS_PROBE_INTERVAL_MS
  local token result dir="$WORK/prof-$2"
  token=$(NEXUS_ADMIN_PASSWORD=bench-admin-password bench_token viewer)
  NEXUS_PROBE_INTERVAL_MS=$2 BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=$dir" bench_serve "$WORK/serve-$2.log"
  result=$(node bench/api-read.mjs "http://127.0.0.1:$PORT/api/v1/jobs?limit=20" "$token" $CONN "$SECONDS_RUN" 3)
  bench_stop # the profile is written when the server exits
  local requests from to
  read -r requests from to < <(node -e 'const r=JSON.parse(process.argv[1]);console.log(r.requests,r.fromUs,r.toUs)' "$result")
  echo "Load: $(node -e 'const r=JSON.parse(process.argv[1]);console.log(`${r.requests} requests, ${r.rps} req/s, p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms, errors ${r.errors}, non-2xx ${r.non2xx}`)' "$result") (under the profiler)."
  echo ""
  node bench/profile-summary.mjs "$dir"/*.cpuprofile "$from" "$to" "$requests" "$1"
  if [ -n "${BENCH_PROFILE_DIR:-}" ]; then mkdir -p "$BENCH_PROFILE_DIR" && cp "$dir"/*.cpuprofile "$BENCH_PROFILE_DIR/read-probe-$2.cpuprofile"; fi
  echo ""
}

idle_cpu_ms() { # $1 = NEXUS_PROBE_INTERVAL_MS: the server's CPU time (user + system) over IDLE_S seconds without load
  NEXUS_PROBE_INTERVAL_MS=$1 bench_serve "$WORK/idle-$1.log"
  sleep 5 # start-up work (first probe round, jobs) settles
  local ticks a b
  ticks=$(getconf CLK_TCK)
  a=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
  sleep "$IDLE_S"
  b=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
  bench_stop
  echo $(((b - a) * 1000 / ticks))
}
IDLE_S=40

{
  echo ""
  echo "### profile-read — $(date -u +%Y-%m-%dT%H:%MZ)"
  echo ""
  echo "Command: \`npm run bench:profile-read -- $SECONDS_RUN\` · machine: $MACHINE · load generator on the same machine · load average before: $LOAD_BEFORE."
  echo "Build directory: $NEXT_DIST_DIR (built by this script from the working tree at $(git rev-parse --short HEAD) unless BENCH_SKIP_BUILD=1)."
  echo "GET /api/v1/jobs?limit=20 with a viewer Bearer token, $CONN connections, ${SECONDS_RUN}s after a 3 s warm-up, server under \`node --cpu-prof\` (1 ms sampling)."
  echo "Services the health monitor probes: NEXUS_PROBES=\"${NEXUS_PROBES:-}\", NEXUS_KAFKA_BROKERS=\"${NEXUS_KAFKA_BROKERS:-}\"."
  echo "Self time of each sample's leaf frame, mapped through the build's source maps; ms per request = category CPU time / requests answered in the window."
  echo ""
  profile_one "health monitor on (NEXUS_PROBE_INTERVAL_MS=10000)" 10000
  profile_one "health monitor off (NEXUS_PROBE_INTERVAL_MS=0)" 0
  # The monitor's probes are mostly asynchronous I/O whose samples land in the HTTP, undici or Kafka client frames,
  # and its share under load is below the noise: its CPU time is measured on the idle server instead (CPU time,
  # not wall time, so other processes on the machine do not inflate it).
  on=$(idle_cpu_ms 10000)
  off=$(idle_cpu_ms 0)
  echo "Idle server, ${IDLE_S} s without requests, CPU time from /proc: health monitor on $on ms, off $off ms: the monitor costs about $(((on - off) / (IDLE_S / 10))) ms of CPU per 10 s cycle, $(node -e "console.log((($on - $off) / ($IDLE_S * 10)).toFixed(2))") % of one core."
  echo ""
  echo "Load average after: $(uptime | sed 's/.*load average: //')."
} | tee -a bench/RESULTS.md
