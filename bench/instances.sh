#!/usr/bin/env bash
# bench/instances: one control plane process against NEXUS_INSTANCES=2 (node:cluster, one port) on the same
# PostgreSQL, in the same run, ROUNDS times alternating: api-read (GET /api/v1/jobs?limit=20 with a viewer Bearer
# token, 50 connections, the load generator of bench/api-read.mjs) and lineage ingest (POST /api/v1/lineage, 32
# clients, bench/lineage.mjs). The machine's load (uptime) is recorded before each measurement.
# Usage: npm run bench:instances [-- SECONDS [ROUNDS]]   Appends the figures to bench/RESULTS.md.
# BENCH_SKIP_BUILD=1 serves the build already in $NEXT_DIST_DIR (default .next-bench) instead of building.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-15}
ROUNDS=${2:-2}
CONN=50
PORT=${BENCH_PORT:-3974}
export NEXT_TELEMETRY_DISABLED=1 NEXT_DIST_DIR=${NEXT_DIST_DIR:-.next-bench} LOG_LEVEL=warn
source scripts/test/postgres.sh
WORK=$(mktemp -d /tmp/nexus-bench-instances.XXXXXX)
source bench/lib.sh
SERVER_PID=""
cleanup() { bench_stop; pg_test_stop; rm -rf "$WORK"; }
trap cleanup EXIT

[ "${BENCH_SKIP_BUILD:-}" = 1 ] || bench_build
pg_test_start >/dev/null
export DATABASE_URL="$TEST_DATABASE_URL" NEXUS_ADMIN_PASSWORD=bench-admin-password
VIEWER=$(bench_token viewer)
OPERATOR=$(bench_token operator)
ADMIN=$(bench_token admin)
URL="http://127.0.0.1:$PORT"

# Waits until $1 distinct instances have answered /api/v1/system (each on a new connection).
wait_instances() {
  node -e '
    const [url, token, want] = process.argv.slice(1);
    const seen = new Set(); const until = Date.now() + 90_000;
    (async () => {
      while (seen.size < Number(want)) {
        if (Date.now() > until) { console.error(`only ${seen.size} of ${want} instances answered`); process.exit(1); }
        const r = await fetch(`${url}/api/v1/system`, { headers: { authorization: `Bearer ${token}`, connection: "close" } }).catch(() => null);
        if (r?.ok) seen.add((await r.json()).cluster.instance);
        else await new Promise((f) => setTimeout(f, 200));
      }
    })();' "$URL" "$ADMIN" "$1"
}

load() { uptime | sed 's/.*load average: //' | cut -d, -f1; }

RESULTS=""
for round in $(seq 1 "$ROUNDS"); do
  for n in 1 2; do
    export NEXUS_INSTANCES=$n
    bench_serve "$WORK/r$round-n$n.log"
    wait_instances "$n"
    l1=$(load)
    read_json=$(node bench/api-read.mjs "$URL/api/v1/jobs?limit=20" "$VIEWER" $CONN "$SECONDS_RUN" 3)
    l2=$(load)
    ingest_json=$(node bench/lineage.mjs ingest "$URL" "$OPERATOR" 32 "$SECONDS_RUN")
    bench_stop
    RESULTS+="$round|$n|$l1|$read_json|$l2|$ingest_json"$'\n'
    echo "bench: round $round, $n instance(s) done" >&2
  done
done
unset NEXUS_INSTANCES

MACHINE="$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), node $(node --version), PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') (fsync off, same machine)"
node - "$RESULTS" "$SECONDS_RUN" "$ROUNDS" "$MACHINE" <<'JS' | tee -a bench/RESULTS.md
const [raw, secs, rounds, machine] = process.argv.slice(2);
const rows = raw.trim().split("\n").map((l) => {
  const [round, n, l1, read, l2, ingest] = l.split("|");
  return { round, n, l1, read: JSON.parse(read), l2, ingest: JSON.parse(ingest) };
});
const ratio = (round, f) => {
  const [one, two] = ["1", "2"].map((n) => f(rows.find((r) => r.round === round && r.n === n)));
  return (two / one).toFixed(2);
};
const roundsList = [...new Set(rows.map((r) => r.round))];
console.log(`
### instances: api-read and lineage ingest, 1 vs 2 control-plane instances on PostgreSQL — ${new Date().toISOString().slice(0, 16)}Z

Command: \`npm run bench:instances -- ${secs} ${rounds}\` · machine: ${machine} · load generator on the same machine; "load" is the 1-minute load average (uptime) just before the measurement (other work shares the machine).
2 instances = \`NEXUS_INSTANCES=2\` (scripts/serve.mjs with node:cluster, one port), one PostgreSQL. api-read: GET /api/v1/jobs?limit=20, viewer Bearer token, ${secs} s at 50 connections after a 3 s warm-up. Ingest: POST /api/v1/lineage, one OpenLineage event per request, 32 clients, ${secs} s.

| round | instances | load | api-read req/s | p50 ms | p95 ms | p99 ms | errors + non-2xx | load | ingest events/s | p50 ms | p95 ms | p99 ms | errors + non-201 |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.map((r) => `| ${r.round} | ${r.n} | ${r.l1} | ${r.read.rps} | ${r.read.p50} | ${r.read.p95} | ${r.read.p99} | ${r.read.errors + r.read.non2xx} | ${r.l2} | ${r.ingest.eps} | ${r.ingest.p50} | ${r.ingest.p95} | ${r.ingest.p99} | ${r.ingest.errors + r.ingest.non2xx} |`).join("\n")}

Ratio 2 instances / 1, per round: ${roundsList.map((rd) => `round ${rd}: api-read req/s ×${ratio(rd, (r) => r.read.rps)}, p95 ×${ratio(rd, (r) => r.read.p95)}; ingest events/s ×${ratio(rd, (r) => r.ingest.eps)}`).join(" · ")}.
`);
JS
