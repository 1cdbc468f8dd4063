#!/usr/bin/env bash
# `npm test`: everything, on a fresh machine of this kind as root. Installs what is missing (Debian's
# Chromium, PostgreSQL, a JRE, Maven, kcat, Prometheus, ClickHouse, docker.io; pyspark and moto from
# PyPI), starts a throwaway PostgreSQL and the platform's services (scripts/test-env), runs types,
# lint, the layer check, unit, integration (PGlite, PostgreSQL and the services), the platform smoke
# tests, builds, runs the Playwright API and
# browser suites on PGlite, the API suite again on PostgreSQL, fuzzes the API with schemathesis
# (scripts/test/fuzz-api.sh), prints one summary line and cleans up
# what it started. See docs/test-environment.md.
set -uo pipefail
cd "$(dirname "$0")/../.."
export NEXT_TELEMETRY_DISABLED=1 NEXT_DIST_DIR=.next-test
OUT=.test-env
rm -rf "$OUT/reports" && mkdir -p "$OUT/reports" "$OUT/screenshots"
status=0
step() { printf '\n=== %s ===\n' "$1"; }
failed_steps=()
fail() { echo "FAILED: $1"; failed_steps+=("$1"); status=1; }

source scripts/test/postgres.sh
# Stop only what this run started: services someone started before stay up.
services_were_up=$(bash scripts/test-env/all.sh status 2>/dev/null | grep -c running)
# The nexus-local the e2e tests start, under compose or swarm: they stop it, but not when a test fails midway or the
# run is stopped before its cleanup (then Swarm even restarts its services with the engine).
remove_test_stacks() {
  timeout 5 docker info >/dev/null 2>&1 || return 0
  local n
  n=$(docker service ls -q --filter label=com.docker.stack.namespace=nexus-local 2>/dev/null | wc -l)
  if [ "$n" != 0 ]; then
    echo "removing nexus-local's $n swarm services left by an earlier run"
    docker stack rm nexus-local >/dev/null 2>&1
    for _ in $(seq 1 60); do
      [ -z "$(docker ps -aq --filter label=com.docker.stack.namespace=nexus-local)" ] && break
      sleep 1
    done
  fi
  docker ps -aq --filter label=com.docker.compose.project=nexus-local | xargs -r docker rm -f >/dev/null 2>&1
  docker volume ls -q --filter label=com.docker.compose.project=nexus-local | xargs -r docker volume rm >/dev/null 2>&1
  docker volume ls -q --filter label=com.docker.stack.namespace=nexus-local | xargs -r docker volume rm >/dev/null 2>&1
}
cleanup() {
  pg_test_stop
  remove_test_stacks
  [ "$services_were_up" != 0 ] || bash scripts/test-env/all.sh down --purge >/dev/null 2>&1
}
trap cleanup EXIT

step "dependencies"
bash scripts/test/ensure-deps.sh || exit 1
[ -d node_modules ] || npm install --no-audit --no-fund || exit 1
[ -f prisma/generated/client.ts ] || npm run -s generate || exit 1

step "types";  npx tsc --noEmit || fail "types"
step "lint";   npx eslint . || fail "lint"
step "format"; npx biome format . || fail "format (npm run format rewrites the files)"
# The layer order of docs/architecture.md (.dependency-cruiser.mjs): an import against it, or a cycle, fails the run.
step "layers"; npm run -s lint:deps || fail "layers"

step "unit tests"
npx vitest run --project unit --reporter=default --reporter=junit --outputFile.junit="$OUT/reports/unit.xml" || fail "unit tests"

step "services: PostgreSQL, Kafka x3, Spark x2, S3, Prometheus, Pushgateway, ClickHouse, Docker, Iceberg REST, Airflow's venv (in parallel)"
bash scripts/test-env/all.sh up >"$OUT/services-up.log" 2>&1 &
services_pid=$!
pg_test_start || exit 1
wait $services_pid || { cat "$OUT/services-up.log"; exit 1; }
cat "$OUT/services-up.log"
source "$(bash -c 'source scripts/test-env/lib.sh; echo "$STATE_ROOT"')/env.sh"
remove_test_stacks

# The control plane's image (e2e/control-plane-image.spec.ts runs it) builds while the tests below run: on a cold
# Docker cache it is npm ci and next build inside the image, minutes that would otherwise come on top.
bash scripts/test-env/control-plane-image.sh build >"$OUT/control-plane-image.log" 2>&1 &
image_pid=$!

step "integration tests (PGlite, PostgreSQL and the services)"
npx vitest run --project int --reporter=default --reporter=junit --outputFile.junit="$OUT/reports/int.xml" || fail "integration tests"
step "platform smoke tests (Kafka, Docker, the services, the compose templates)"
npx vitest run --project platform --reporter=default --reporter=junit --outputFile.junit="$OUT/reports/platform.xml" || fail "platform smoke tests"

step "build"
npx next build >"$OUT/build.log" 2>&1 || { tail -n 40 "$OUT/build.log"; fail "build"; }

step "control plane image (built in the background since the services were up)"
wait $image_pid || fail "control plane image"
cat "$OUT/control-plane-image.log"

if [ -f "$NEXT_DIST_DIR/BUILD_ID" ]; then
  step "e2e: API and browser on PGlite"
  PLAYWRIGHT_JSON_OUTPUT_NAME="$OUT/reports/e2e-pglite.json" npx playwright test --reporter=list,json || fail "e2e on PGlite"
  step "e2e: API on PostgreSQL"
  E2E_PG_URL="$TEST_DATABASE_URL" E2E_PORT=3956 PLAYWRIGHT_JSON_OUTPUT_NAME="$OUT/reports/e2e-postgres.json" npx playwright test e2e/api --reporter=list,json || fail "e2e on PostgreSQL"
  step "e2e: several instances on one PostgreSQL (leader failover, cross-instance streams and revocation)"
  E2E_PG_URL="$TEST_DATABASE_URL" E2E_INSTANCE_PORTS=3961,3962,3963 PLAYWRIGHT_JSON_OUTPUT_NAME="$OUT/reports/e2e-instances.json" npx playwright test -c playwright.instances.config.ts --reporter=list,json || fail "e2e with several instances"
  step "API fuzzing: schemathesis as viewer, operator and admin (about 4 min)"
  FUZZ_PORT=3958 bash scripts/test/fuzz-api.sh "$OUT/reports" || fail "API fuzzing"
fi

step "summary"
# The steps that failed go into the summary's last lines: a step can fail with no test failed (types, lint, a build).
FAILED_STEPS=$(printf '%s\n' "${failed_steps[@]}") node scripts/test/summary.mjs "$OUT/reports/unit.xml" "$OUT/reports/int.xml" "$OUT/reports/platform.xml" "$OUT/reports/e2e-pglite.json" "$OUT/reports/e2e-postgres.json" "$OUT/reports/e2e-instances.json" \
  "$OUT/reports/fuzz-viewer.xml" "$OUT/reports/fuzz-operator.xml" "$OUT/reports/fuzz-admin.xml" || status=1
exit $status
