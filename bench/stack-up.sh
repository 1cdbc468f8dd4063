#!/usr/bin/env bash
# bench/stack-up: time until every service of nexus-local is up (brokers healthy, the DLQ-topic hook
# completed) through the app's API (`POST /api/v1/stacks/nexus-local/up?wait=true`), against
# `docker-compose up -d` plus a health wait loop on the same file, in the same run, alternating; and the
# time to stop (`down` with volumes) both ways. Goal: ratio at most 1.0. Usage: npm run bench:stack-up [-- ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
PORT=3974
export NEXT_TELEMETRY_DISABLED=1 NEXT_DIST_DIR=.next-bench LOG_LEVEL=warn
WORK=$(mktemp -d /tmp/nexus-bench-stack.XXXXXX)
source bench/lib.sh
SERVER_PID=""
V1="$WORK/compose-v1.yaml"
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
  docker-compose -f "$V1" --project-directory compose-templates/nexus-local -p nexus-bench down -v >/dev/null 2>&1 || true
  docker ps -aq --filter label=com.docker.compose.project=nexus-local | xargs -r docker rm -f >/dev/null 2>&1 || true
  docker volume ls -q --filter label=com.docker.compose.project=nexus-local | xargs -r docker volume rm >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
ms() { date +%s%3N; }

bash scripts/test-env/docker.sh up >"$WORK/docker.log" 2>&1 || { cat "$WORK/docker.log"; exit 1; }
command -v docker-compose >/dev/null || { echo "docker-compose is missing (apt-get install docker-compose)"; exit 1; }
bench_build
export NEXUS_DATA_DIR="$WORK/data" NEXUS_PROBE_INTERVAL_MS=0
TOKEN=$(bench_token admin) # admin: down with volumes deletes data
bench_serve "$WORK/server.log"
# Debian's docker-compose 1.29 predates the top-level `name`; the rest of the file is the same.
sed '/^name:/d' compose-templates/nexus-local/compose.yaml >"$V1"

DC=(docker-compose -f "$V1" --project-directory compose-templates/nexus-local -p nexus-bench)
SERVICES=$("${DC[@]}" config --services | wc -l)
compose_ready() { # every service healthy, and the one-shot (kafka-init) exited 0
  local ids state
  ids=$("${DC[@]}" ps -q 2>/dev/null) || return 1
  [ "$(echo "$ids" | grep -c .)" = "$SERVICES" ] || return 1
  state=$(docker inspect -f '{{.State.Status}}|{{if .State.Health}}{{.State.Health.Status}}{{end}}|{{.State.ExitCode}}' $ids)
  [ "$(echo "$state" | grep -c '^running|healthy|')" = $((SERVICES - 1)) ] && echo "$state" | grep -q '^exited||0$'
}

API_UP=(); API_DOWN=(); CLI_UP=(); CLI_DOWN=()
for r in $(seq 1 "$ROUNDS"); do
  t0=$(ms)
  code=$(curl -s -o "$WORK/up.json" -w '%{http_code}' -X POST -H "authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/stacks/nexus-local/up?wait=true&timeoutSeconds=300")
  t1=$(ms)
  [ "$code" = 200 ] || { echo "API up failed ($code):"; cat "$WORK/up.json"; exit 1; }
  code=$(curl -s -o "$WORK/down.json" -w '%{http_code}' -X POST -H "authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/stacks/nexus-local/down?wait=true&volumes=true&confirm=nexus-local")
  t2=$(ms)
  [ "$code" = 200 ] || { echo "API down failed ($code):"; cat "$WORK/down.json"; exit 1; }
  API_UP+=($((t1 - t0))); API_DOWN+=($((t2 - t1)))

  t0=$(ms)
  "${DC[@]}" up -d >"$WORK/compose-up.log" 2>&1 || { cat "$WORK/compose-up.log"; exit 1; }
  until compose_ready; do sleep 0.2; [ $(( $(ms) - t0 )) -lt 300000 ] || { echo "compose: not ready in 300 s"; exit 1; }; done
  t1=$(ms)
  "${DC[@]}" down -v >"$WORK/compose-down.log" 2>&1 || { cat "$WORK/compose-down.log"; exit 1; }
  t2=$(ms)
  CLI_UP+=($((t1 - t0))); CLI_DOWN+=($((t2 - t1)))
  echo "round $r: api up ${API_UP[-1]} ms, down ${API_DOWN[-1]} ms; docker-compose up ${CLI_UP[-1]} ms, down ${CLI_DOWN[-1]} ms"
done

MACHINE="$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), node $(node --version), Docker $(docker version -f '{{.Server.Version}}'), docker-compose $(docker-compose version --short), everything on the same machine"
node - "${API_UP[*]}" "${API_DOWN[*]}" "${CLI_UP[*]}" "${CLI_DOWN[*]}" "$ROUNDS" "$MACHINE" <<'JS' | tee -a bench/RESULTS.md
const [au, ad, cu, cd, rounds, machine] = process.argv.slice(2);
const nums = (s) => s.split(" ").map(Number);
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const sec = (x) => (x / 1000).toFixed(1);
const [AU, AD, CU, CD] = [au, ad, cu, cd].map(nums);
console.log(`
### stack-up — ${new Date().toISOString().slice(0, 16)}Z

Command: \`npm run bench:stack-up -- ${rounds}\` · machine: ${machine}.
nexus-local (12 services on locally built images, host networking: Kafka x3 KRaft and the one-shot that creates the 3 DLQ topics, Spark
streaming and batch masters with a worker each, PostgreSQL, S3 (moto), Prometheus, Pushgateway), ${rounds} rounds, alternating: the app
(\`POST /api/v1/stacks/nexus-local/up?wait=true\`: a durable job over the Docker API, answered when every service is healthy and the hook
has completed) and \`docker-compose up -d\` on the same file followed by a loop on \`docker inspect\` (every 0.2 s) until the same is true. Stop: \`down?wait=true&volumes=true\` against \`docker-compose down -v\`. Goal: ratio ≤ 1.0.

| | app (median s) | docker-compose (median s) | ratio app / compose | rounds (app; compose, s) |
|---|---|---|---|---|
| up until healthy | ${sec(med(AU))} | ${sec(med(CU))} | ${(med(AU) / med(CU)).toFixed(2)} | ${AU.map(sec).join(", ")}; ${CU.map(sec).join(", ")} |
| stop and remove | ${sec(med(AD))} | ${sec(med(CD))} | ${(med(AD) / med(CD)).toFixed(2)} | ${AD.map(sec).join(", ")}; ${CD.map(sec).join(", ")} |
`);
JS
