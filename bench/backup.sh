#!/usr/bin/env bash
# bench/backup: an S3 bucket of 1 GiB (256 objects of 4 MiB) backed up through the API (a backup.run job: server-side
# copies into a fresh bucket) against `aws s3 sync s3://src s3://dst` (AWS CLI from PyPI, in its own cached
# virtualenv) on the same S3 server, interleaved, ROUNDS rounds each; goal: >= 80 % of the AWS CLI's throughput.
# Usage: npm run bench:backup [-- ROUNDS]   Appends the figures to bench/RESULTS.md.
#   S3_ENDPOINT: the S3 server (default: the test one, scripts/test-env/s3.sh, started if needed).
#   BENCH_BUILD=0 with NEXT_DIST_DIR=<an existing build> skips the build.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
PORT=${BENCH_BACKUP_PORT:-4143}
AWSCLI_VERSION=1.46.3
export NEXT_TELEMETRY_DISABLED=1 NEXT_DIST_DIR=${NEXT_DIST_DIR:-.next-bench} LOG_LEVEL=warn
WORK=$(mktemp -d /tmp/nexus-bench-backup.XXXXXX)
source bench/lib.sh
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

if [ -z "${S3_ENDPOINT:-}" ]; then
  bash scripts/test-env/s3.sh up
  eval "export $(bash scripts/test-env/s3.sh env)"
fi
CACHE=${NEXUS_TEST_CACHE:-/var/cache/nexus-test}
VENV="$CACHE/awscli"
# Cached: a second run installs nothing.
if ! "$VENV/bin/aws" --version 2>&1 | grep -q "aws-cli/$AWSCLI_VERSION "; then
  echo "bench: installing awscli==$AWSCLI_VERSION from PyPI into $VENV…"
  python3 -m venv "$VENV" && "$VENV/bin/pip" install -q --disable-pip-version-check "awscli==$AWSCLI_VERSION"
fi
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=us-east-1 AWS_CLI="$VENV/bin/aws"

[ "${BENCH_BUILD:-1}" = 0 ] || bench_build
export NEXUS_DATA_DIR="$WORK/pglite" NEXUS_S3_ENDPOINT="$S3_ENDPOINT" NEXUS_JOB_POLL_MS=200 NEXUS_PROBE_INTERVAL_MS=0
TOKEN=$(NEXUS_ADMIN_PASSWORD=bench-admin-password bench_token operator)
bench_serve "$WORK/server.log"

MACHINE="$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), node $(node -v), $("$AWS_CLI" --version 2>&1 | cut -d' ' -f1), moto $("$CACHE/venv/bin/pip" show moto 2>/dev/null | awk '/^Version/{print $2}')"
node bench/backup.mjs "http://127.0.0.1:$PORT" "$TOKEN" "$S3_ENDPOINT" "$ROUNDS" "$MACHINE" | tee -a bench/RESULTS.md
