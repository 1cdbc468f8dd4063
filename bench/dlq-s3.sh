#!/usr/bin/env bash
# bench/dlq-s3: the first page (50 records) of a 100,000-record S3 dead-letter prefix (4 objects of 25,000, half
# gzipped) through the API, against the AWS CLI from PyPI reading the same first lines (`aws s3 cp s3://… - | head
# -n 50`, a new process each time) and the AWS SDK for JavaScript in-process with its defaults (warm client: list,
# stream the first object, stop at 50 lines), on the same S3 server (moto). Goal: API <= 2x the AWS CLI.
# Usage: npm run bench:dlq-s3 [-- RUNS]   Appends the figures to bench/RESULTS.md.
# BENCH_PORT (default 3972); NEXT_DIST_DIR (default .next-bench) and BENCH_SKIP_BUILD=1 reuse an existing build.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-50}
PORT=${BENCH_PORT:-3972}
export NEXT_TELEMETRY_DISABLED=1 NEXT_DIST_DIR=${NEXT_DIST_DIR:-.next-bench} LOG_LEVEL=warn
WORK=$(mktemp -d /tmp/nexus-bench-dlq-s3.XXXXXX)
source bench/lib.sh
SERVER_PID=""
cleanup() { bench_stop; rm -rf "$WORK"; }
trap cleanup EXIT

# The AWS CLI in a cached virtualenv of its own (a second run installs nothing).
CACHE=${NEXUS_TEST_CACHE:-/var/cache/nexus-test}
AWS_VENV="$CACHE/awscli"
AWSCLI_VERSION=1.46.3
(
  mkdir -p "$CACHE"
  exec 9>"$CACHE/awscli.lock"
  flock -w 600 9
  [ -x "$AWS_VENV/bin/pip" ] || python3 -m venv "$AWS_VENV"
  "$AWS_VENV/bin/pip" show -q awscli 2>/dev/null | grep -q . ||
    "$AWS_VENV/bin/pip" install -q --disable-pip-version-check "awscli==$AWSCLI_VERSION"
)
AWS="$AWS_VENV/bin/aws"

# The test S3 server: the one S3_ENDPOINT names (scripts/test-env's env), else started here.
if [ -n "${S3_ENDPOINT:-}" ]; then S3=$S3_ENDPOINT; else
  bash scripts/test-env/s3.sh up
  S3=$(bash scripts/test-env/s3.sh env | tr ' ' '\n' | sed -n 's/^S3_ENDPOINT=//p')
fi
BUCKET=nexus-bench-dlq
PREFIX=dlq/bench/date=2026-11-30/
node bench/dlq-s3.mjs seed "$S3" $BUCKET $PREFIX 4 25000

[ "${BENCH_SKIP_BUILD:-}" = 1 ] || bench_build
export NEXUS_DATA_DIR="$WORK/pglite" NEXUS_S3_ENDPOINT="$S3" NEXUS_S3_DLQ_BUCKET=$BUCKET \
  NEXUS_S3_ACCESS_KEY_ID=test NEXUS_S3_SECRET_ACCESS_KEY=test NEXUS_PROBE_INTERVAL_MS=0
TOKEN=$(NEXUS_ADMIN_PASSWORD=bench-admin-password bench_token viewer)
bench_serve "$WORK/server.log"
echo "bench: $RUNS first pages per reader, interleaved…"
R=$(node bench/dlq-s3.mjs measure "http://127.0.0.1:$PORT" "$TOKEN" "$S3" $BUCKET $PREFIX "$RUNS" "$AWS")
echo "  $R"
bench_stop

row() { node -e 'const r=JSON.parse(process.argv[1])[process.argv[2]];console.log(`| ${process.argv[3]} | ${r.p50} | ${r.p95} | ${r.max} |`)' "$R" "$1" "$2"; }
ratio() { node -e 'const r=JSON.parse(process.argv[1]);console.log((r.api[process.argv[3]]/r[process.argv[2]][process.argv[3]]).toFixed(2))' "$R" "$1" "$2"; }
CORES=$(nproc); MEM=$(awk '/MemTotal/ {printf "%d GiB", $2/1048576}' /proc/meminfo)
{
  echo
  echo "### dlq-s3-first-page — $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Command: \`npm run bench:dlq-s3 -- $RUNS\` · machine: $CORES cores, $MEM, $(uname -m), node $(node -v), moto $("$CACHE/venv/bin/pip" show moto 2>/dev/null | sed -n 's/^Version: //p') (S3 server, same machine), $("$AWS" --version 2>&1 | cut -d' ' -f1), @aws-sdk/client-s3 $(node -p 'require("@aws-sdk/client-s3/package.json").version'), PGlite."
  echo "First page of 50 of \`s3://$BUCKET/$PREFIX\`: 100,000 seed envelopes in 4 objects (2 gzipped), $RUNS reads per reader after 3 warm-up rounds, interleaved."
  echo
  echo "| reader | p50 ms | p95 ms | max ms |"
  echo "|---|---|---|---|"
  row api "Nexus API (GET /api/v1/dlq/s3/records, viewer token: list, stream, decode, normalize, audit)"
  row awscli "AWS CLI: \`aws s3 cp s3://…/part-00000.jsonl - \\| head -n 50\` (new process)"
  row sdk "AWS SDK v3 in-process, default client, warm (list + stream the first object, 50 lines)"
  echo
  echo "Ratio Nexus / AWS CLI: p50 **$(ratio awscli p50)**, p95 **$(ratio awscli p95)** (goal ≤ 2.0). For context, Nexus / in-process SDK: p50 $(ratio sdk p50), p95 $(ratio sdk p95)."
} >>bench/RESULTS.md
tail -n 14 bench/RESULTS.md
