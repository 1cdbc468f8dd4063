#!/usr/bin/env bash
# bench/health: the overview's largest contentful paint in headless Chromium with the platform up (goal < 1 s),
# and the cost of one probe cycle over all services. The platform: the test environment's services
# (scripts/test-env: Kafka x3, two Spark masters with a worker each, S3, ClickHouse, Prometheus, Pushgateway)
# probed through NEXUS_PROBES, plus the nexus-local stack started through the API (its containers probed too).
# Usage: npm run bench:health [-- RUNS]   Appends to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-30}
PORT=3973
PASSWORD=bench-admin-password
export NEXT_TELEMETRY_DISABLED=1 NEXT_DIST_DIR=.next-bench LOG_LEVEL=warn NEXUS_ADMIN_PASSWORD=$PASSWORD
WORK=$(mktemp -d /tmp/nexus-bench-health.XXXXXX)
source bench/lib.sh
SERVER_PID=""
services_were_up=$(bash scripts/test-env/all.sh status 2>/dev/null | grep -c running || true)
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
  docker ps -aq --filter label=com.docker.compose.project=nexus-local | xargs -r docker rm -f >/dev/null 2>&1 || true
  docker volume ls -q --filter label=com.docker.compose.project=nexus-local | xargs -r docker volume rm >/dev/null 2>&1 || true
  [ "$services_were_up" != 0 ] || bash scripts/test-env/all.sh down >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "bench: starting the test environment…"; bash scripts/test-env/all.sh up >"$WORK/env.log" 2>&1 || { cat "$WORK/env.log"; exit 1; }
source "$(bash -c 'source scripts/test-env/lib.sh; echo "$STATE_ROOT"')/env.sh"
bench_build

export NEXUS_DATA_DIR="$WORK/data" NEXUS_KAFKA_BROKERS="$KAFKA_BOOTSTRAP" NEXUS_PROBE_INTERVAL_MS=10000
export NEXUS_PROBES="spark-streaming=spark:$SPARK_STREAMING_UI spark-batch=spark:$SPARK_BATCH_UI s3=s3:$S3_ENDPOINT clickhouse=clickhouse:$CLICKHOUSE_URL prometheus=prometheus:$PROMETHEUS_URL pushgateway=pushgateway:$PUSHGATEWAY_URL"
TOKEN=$(bench_token operator)
bench_serve "$WORK/server.log"
NODE_PID=$(ss -ltnp "sport = :$PORT" | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2)
echo "bench: starting nexus-local through the API…"
UP=$(curl -s -o "$WORK/up.json" -w '%{http_code}' -X POST -H "authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/stacks/nexus-local/up?wait=true&timeoutSeconds=300")
[ "$UP" = 200 ] || { echo "nexus-local did not come up ($UP):"; cat "$WORK/up.json"; exit 1; }

CYCLE=$(node bench/health.mjs cycle "http://127.0.0.1:$PORT" "$TOKEN" "$NODE_PID" "$RUNS")
LCP=$(node bench/health.mjs lcp "http://127.0.0.1:$PORT" "$PASSWORD" "$RUNS")
curl -s -o /dev/null -X POST -H "authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/stacks/nexus-local/down?wait=true" || true

MACHINE="$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), node $(node --version), Chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), PGlite, everything on the same machine"
node - "$CYCLE" "$LCP" "$RUNS" "$MACHINE" <<'JS' | tee -a bench/RESULTS.md
const [cycle, lcp, runs, machine] = process.argv.slice(2);
const c = JSON.parse(cycle), l = JSON.parse(lcp);
console.log(`
### health-overview-lcp and health-probe-cycle — ${new Date().toISOString().slice(0, 16)}Z

Command: \`npm run bench:health -- ${runs}\` · machine: ${machine}.
Platform up: the test environment's Kafka x3, Spark streaming and batch masters (a worker each), S3 (moto), ClickHouse,
Prometheus and Pushgateway, probed through NEXUS_PROBES, plus the nexus-local stack started through the API
(its containers probed too): ${c.services} services per cycle, ${c.notUp} not up.

**Overview LCP** (goal < 1 s): ${runs} cold loads of \`/\` (new browser context each, signed in, 1280×900, after 2 warm-up loads),
largest-contentful-paint from PerformanceObserver.

| metric | p50 ms | p95 ms | max ms |
|---|---|---|---|
| largest contentful paint | ${l.lcpP50} | ${l.lcpP95} | ${l.lcpMax} |
| tiles seen by the test (upper bound: when Playwright saw them) | ${l.tilesP50} | ${l.tilesP95} | |

LCP element: \`${l.element}\`.

**Probe cycle** (POST /api/v1/health/probe, ${c.runs} sequential cycles after 3 warm-up ones; each probes every service in
parallel, stores ${c.services} history rows, evaluates the alert rules): wall p50 ${c.p50} ms, p95 ${c.p95} ms, max ${c.max} ms;
server CPU ${c.cpuMsPerCycle} ms per cycle (utime+stime of the Next.js process over all cycles ÷ cycles, HTTP handling included).
`);
JS
