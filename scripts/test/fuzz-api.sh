#!/usr/bin/env bash
# API fuzzing (a stage of `npm test`): serves the built app (NEXT_DIST_DIR) on a fresh PGlite directory and runs
# schemathesis (pinned, in the test virtualenv) against its /api/openapi.json with an admin, an operator and a
# viewer token. Checks: no 5xx, status codes, content types and bodies as documented, and a role check
# (scripts/test/fuzz/hooks.py): a token never gets a 2xx on an operation that needs a higher role.
#   bash scripts/test/fuzz-api.sh [REPORT_DIR]     (FUZZ_PORT, default 3958; FUZZ_SECONDS per role, default 70)
# Writes REPORT_DIR/fuzz-<role>.xml (JUnit, read by scripts/test/summary.mjs). Exit 1 on any failure.
#
# The server gets no Docker engine (NEXUS_DOCKER_SOCKET names no socket): stack up/down/service then answer 503
# at once, as documented, instead of starting real containers from random input; e2e/api/stacks.spec.ts covers
# them with an engine. Excluded as self-destructive: none of the operations are, since the tokens' ids are never
# in the document's examples; POST /api/v1/auth/logout ends only a browser session (a token has none).
set -uo pipefail
cd "$(dirname "$0")/../.."
COMPONENT=fuzz
source scripts/test-env/lib.sh
source scripts/test-env/python-env.sh

SCHEMATHESIS_VERSION=4.32.5
REPORTS=${1:-.test-env/reports}
PORT=${FUZZ_PORT:-3958}
SECONDS_PER_ROLE=${FUZZ_SECONDS:-70}
URL="http://127.0.0.1:$PORT"
PASSWORD="fuzz-admin-$RANDOM$RANDOM"
mkdir -p "$REPORTS" "$STATE_ROOT"
[ -f "${NEXT_DIST_DIR:-.next}/BUILD_ID" ] || die "no build in ${NEXT_DIST_DIR:-.next}; run next build first"
is_port_free "$PORT" || die "port $PORT is in use"

ensure_venv "schemathesis==$SCHEMATHESIS_VERSION"

# S3 dead letters read an empty bucket of the test S3 server (moto takes unsigned requests).
[ -z "${S3_ENDPOINT:-}" ] || curl -s -o /dev/null -X PUT "$S3_ENDPOINT/nexus-fuzz-dlq" || true
DATA_DIR=$(mktemp -d /tmp/nexus-fuzz.XXXXXX)
LOG="$STATE_ROOT/fuzz-server.log"
env PORT="$PORT" HOST=127.0.0.1 NEXT_TELEMETRY_DISABLED=1 NEXUS_DATA_DIR="$DATA_DIR" NEXUS_ADMIN_PASSWORD="$PASSWORD" LOG_LEVEL=warn \
  NEXUS_DOCKER_SOCKET="$DATA_DIR/no-docker.sock" NEXUS_JOB_POLL_MS=200 NEXUS_PROBE_INTERVAL_MS=5000 \
  ${KAFKA_BOOTSTRAP:+NEXUS_KAFKA_BROKERS=$KAFKA_BOOTSTRAP} ${PROMETHEUS_URL:+NEXUS_PROMETHEUS_URL=$PROMETHEUS_URL} \
  ${ICEBERG_REST_URL:+NEXUS_ICEBERG_URL=$ICEBERG_REST_URL} \
  ${S3_ENDPOINT:+NEXUS_S3_ENDPOINT=$S3_ENDPOINT NEXUS_S3_DLQ_BUCKET=nexus-fuzz-dlq NEXUS_S3_ACCESS_KEY_ID=test NEXUS_S3_SECRET_ACCESS_KEY=test} \
  node scripts/serve.mjs >"$LOG" 2>&1 &
server_pid=$!
cleanup() { kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; rm -rf "$DATA_DIR"; }
trap cleanup EXIT
wait_for_port "$PORT" 120 "$server_pid" "$LOG" || exit 1
for _ in $(seq 1 300); do curl -fs "$URL/api/readyz" >/dev/null && break; sleep 0.2; done

# Tokens through the API, as an admin signed in with a session would create them.
jar="$DATA_DIR/cookies"
csrf=$(curl -fs -c "$jar" -H 'content-type: application/json' -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" "$URL/api/v1/auth/login" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrfToken"])') || die "could not sign in as admin"
token_for() {
  curl -fs -b "$jar" -H "x-csrf-token: $csrf" -H 'content-type: application/json' -d "{\"name\":\"fuzz-$1\",\"role\":\"$1\",\"expiresInDays\":1}" \
    "$URL/api/v1/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

# All three before any run, and the admin's run last: it may disable or demote admin, who owns the tokens.
declare -A tokens
for role in admin operator viewer; do tokens[$role]=$(token_for "$role") || die "could not create a $role token"; done

# Endless Server-Sent Events streams are not request/response: the fuzz would read them until its request timeout
# (30 s) and report a runtime error or not depending on timing. e2e/api/health.spec.ts and
# e2e/api/dlq-replay-targets.spec.ts test them, including their 401/403/404 answers.
ENDLESS_STREAMS='^/api/v1/(health/stream|jobs/\{id\}/events)$'
# The admin's stateful phase follows links from GET /api/v1/tokens and /users to the ids they list, its own among
# them: revoking its token or demoting its user ends the run's authority and every later request is a 401. Those
# operations are fuzzed by the viewer and operator runs (403) and tested in e2e (revoked tokens: e2e/api/conventions.spec.ts; users: e2e/ui.spec.ts).
# The single sign-on callback is a browser redirect that needs a provider's code: the fuzz server has no provider (every
# call is the documented 404). e2e/oidc-ui.spec.ts tests it against a real provider, tampered state and expired ID
# token included.
BROWSER_ONLY='^/api/v1/auth/oidc/callback$'
declare -A excluded=([viewer]="$ENDLESS_STREAMS|$BROWSER_ONLY" [operator]="$ENDLESS_STREAMS|$BROWSER_ONLY" [admin]="$ENDLESS_STREAMS|$BROWSER_ONLY|^/api/v1/(tokens|users)/\{id\}$")

# One worker: with two, hypothesis (describing its strategies' lambdas with ast.parse) in two threads at once crashed
# CPython 3.11's AST constructor now and then ("SystemError: AST constructor recursion depth mismatch", a runtime error
# of the tool on a random operation, not of the app: CPython issues 106905 and 95185). The server shares the two cores
# with the tool: one worker ran 8,160-8,502 cases per role in its 70 s here (2026-12-01), two had run 7,162.
status=0
for role in viewer operator admin; do
  token=${tokens[$role]}
  say "schemathesis $SCHEMATHESIS_VERSION as $role for ${SECONDS_PER_ROLE}s"
  FUZZ_ROLE=$role SCHEMATHESIS_HOOKS=hooks PYTHONPATH=scripts/test/fuzz \
    "$VENV/bin/st" --no-color --config-file scripts/test/fuzz/schemathesis.toml run "$URL/api/openapi.json" \
    -H "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,role_is_enforced \
    --exclude-path-regex "${excluded[$role]}" --max-time "$SECONDS_PER_ROLE" --workers 1 --request-timeout 30 --generation-database none --seed 14 \
    --warnings off --report junit --report-junit-path "$REPORTS/fuzz-$role.xml" >"$STATE_ROOT/fuzz-$role.log" 2>&1
  rc=$?
  # On a failure, what failed and why (schemathesis prints ERRORS and FAILURES before its SUMMARY); CI keeps only stdout.
  if [ "$rc" = 0 ]; then sed -n '/^=* *SUMMARY/,$p' "$STATE_ROOT/fuzz-$role.log" | head -n 40
  else sed -n '/^=* *\(ERRORS\|FAILURES\|SUMMARY\) *=*$/,$p' "$STATE_ROOT/fuzz-$role.log" | head -n 160; fi
  [ "$rc" = 0 ] || { say "$role: failures (full output: $STATE_ROOT/fuzz-$role.log)"; status=1; }
done
exit $status
