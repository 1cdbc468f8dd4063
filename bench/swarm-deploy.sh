#!/usr/bin/env bash
# bench/swarm-deploy: time until every service of nexus-local is up on a single-node swarm through the app's swarm driver
# (`POST /api/v1/stacks/nexus-local/up?driver=swarm&wait=true`) against `docker stack deploy -c <the same template,
# interpolated by docker-compose config into a file docker stack accepts>` plus a wait loop until the same is true, in the
# same run, alternating; and the time to remove (`down` with volumes) both ways. Goal: ratio at most 1.0.
# Usage: npm run bench:swarm-deploy [-- ROUNDS]. Takes /tmp/nexus-stack.lock (nexus-local's fixed host ports).
# BENCH_REUSE_BUILD=1 serves an existing build in $NEXT_DIST_DIR instead of building.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${NEXUS_STACK_LOCKED:-}" ] || exec env NEXUS_STACK_LOCKED=1 flock /tmp/nexus-stack.lock bash "$0" "$@"
ROUNDS=${1:-3}
PORT=${BENCH_PORT:-4320}
export NEXT_TELEMETRY_DISABLED=1 NEXT_DIST_DIR=${NEXT_DIST_DIR:-.next-bench} LOG_LEVEL=warn
WORK=$(mktemp -d /tmp/nexus-bench-swarm.XXXXXX)
source bench/lib.sh
SERVER_PID=""
PEER=nexus-bench-swarm
gone() { [ -z "$(docker ps -aq --filter "label=com.docker.stack.namespace=$1")" ]; }
cleanup() {
  bench_stop
  docker stack rm "$PEER" >/dev/null 2>&1 || true
  docker service ls -q --filter label=com.docker.stack.namespace=nexus-local | xargs -r docker service rm >/dev/null 2>&1 || true
  for _ in $(seq 1 100); do gone "$PEER" && gone nexus-local && break; sleep 0.3; done
  docker volume ls -q --filter "label=com.docker.stack.namespace=$PEER" | xargs -r docker volume rm >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
ms() { date +%s%3N; }

bash scripts/test-env/docker.sh up >"$WORK/docker.log" 2>&1 || { cat "$WORK/docker.log"; exit 1; }
bash scripts/test-env/swarm.sh up
command -v docker-compose >/dev/null || { echo "docker-compose is missing (apt-get install docker-compose)"; exit 1; }
[ "${BENCH_REUSE_BUILD:-}" = 1 ] && [ -f "$NEXT_DIST_DIR/BUILD_ID" ] || bench_build
export NEXUS_DATA_DIR="$WORK/data" NEXUS_PROBE_INTERVAL_MS=0
TOKEN=$(bench_token admin) # admin: down with volumes deletes data
bench_serve "$WORK/server.log"

# The peer's file: the template interpolated by docker-compose (its .env, no top-level name), made stack-deployable.
sed '/^name:/d' compose-templates/nexus-local/compose.yaml >"$WORK/v1.yaml"
docker-compose -f "$WORK/v1.yaml" --project-directory compose-templates/nexus-local -p "$PEER" config >"$WORK/config.yaml"
node bench/swarm-stack-file.mjs compose-templates/nexus-local <"$WORK/config.yaml" >"$WORK/stack.yaml"
SERVICES=$(docker-compose -f "$WORK/v1.yaml" --project-directory compose-templates/nexus-local config --services | wc -l)
stack_ready() { # every service 1/1 (Swarm runs a task only once its healthcheck passed), the one-shot's task complete
  local lines
  lines=$(docker stack services "$PEER" --format '{{.Name}} {{.Replicas}}' 2>/dev/null) || return 1
  [ "$(echo "$lines" | grep -c .)" = "$SERVICES" ] || return 1
  [ "$(echo "$lines" | grep -c ' 1/1$')" = $((SERVICES - 1)) ] || return 1
  docker service ps "${PEER}_kafka-init" --format '{{.CurrentState}}' | head -n 1 | grep -q '^Complete'
}
api() { curl -s -o "$WORK/$1.json" -w '%{http_code}' -X POST -H "authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT$2"; }

API_UP=(); API_DOWN=(); CLI_UP=(); CLI_DOWN=()
for r in $(seq 1 "$ROUNDS"); do
  t0=$(ms)
  code=$(api up "/api/v1/stacks/nexus-local/up?driver=swarm&wait=true&timeoutSeconds=300")
  t1=$(ms)
  [ "$code" = 200 ] || { echo "API up failed ($code):"; cat "$WORK/up.json"; exit 1; }
  code=$(api down "/api/v1/stacks/nexus-local/down?wait=true&volumes=true&confirm=nexus-local")
  t2=$(ms)
  [ "$code" = 200 ] || { echo "API down failed ($code):"; cat "$WORK/down.json"; exit 1; }
  API_UP+=($((t1 - t0))); API_DOWN+=($((t2 - t1)))

  t0=$(ms)
  docker stack deploy -c "$WORK/stack.yaml" "$PEER" >"$WORK/stack-deploy.log" 2>&1 || { cat "$WORK/stack-deploy.log"; exit 1; }
  until stack_ready; do sleep 0.2; [ $(( $(ms) - t0 )) -lt 300000 ] || { echo "docker stack: not ready in 300 s"; docker stack ps "$PEER"; exit 1; }; done
  t1=$(ms)
  docker stack rm "$PEER" >/dev/null
  until gone "$PEER"; do sleep 0.2; done
  docker volume ls -q --filter "label=com.docker.stack.namespace=$PEER" | xargs -r docker volume rm >/dev/null
  t2=$(ms)
  CLI_UP+=($((t1 - t0))); CLI_DOWN+=($((t2 - t1)))
  echo "round $r: api up ${API_UP[-1]} ms, down ${API_DOWN[-1]} ms; docker stack deploy ${CLI_UP[-1]} ms, rm ${CLI_DOWN[-1]} ms"
done

MACHINE="$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), node $(node --version), Docker $(docker version -f '{{.Server.Version}}') (single-node swarm on 127.0.0.1), everything on the same machine"
node - "${API_UP[*]}" "${API_DOWN[*]}" "${CLI_UP[*]}" "${CLI_DOWN[*]}" "$ROUNDS" "$MACHINE" <<'JS' | tee -a bench/RESULTS.md
const [au, ad, cu, cd, rounds, machine] = process.argv.slice(2);
const nums = (s) => s.split(" ").map(Number);
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const sec = (x) => (x / 1000).toFixed(1);
const [AU, AD, CU, CD] = [au, ad, cu, cd].map(nums);
console.log(`
### swarm-deploy — ${new Date().toISOString().slice(0, 16)}Z

Command: \`npm run bench:swarm-deploy -- ${rounds}\` · machine: ${machine}.
nexus-local (12 services and the one-shot that creates the DLQ topics, host networking) on a single-node swarm, ${rounds} rounds,
alternating: the app's swarm driver (\`POST /api/v1/stacks/nexus-local/up?driver=swarm&wait=true\`: a durable job creating the
services in the template's health-gated start levels, answered when every task runs healthy and the hook has completed) and
\`docker stack deploy -c\` on the same template (interpolated by \`docker-compose config\`, host networking as the external \`host\`
network, the hook with restart_policy none; bench/swarm-stack-file.mjs) followed by a loop on \`docker stack services\` and
\`docker service ps\` (every 0.2 s) until the same is true. \`docker stack deploy\` starts every service at once, without the
start levels. Removal: \`down?wait=true&volumes=true\` against \`docker stack rm\` plus a wait until its containers are gone and its
volumes removed. Goal: ratio ≤ 1.0.

| | app, swarm driver (median s) | docker stack deploy (median s) | ratio app / docker stack | rounds (app; docker stack, s) |
|---|---|---|---|---|
| up until healthy | ${sec(med(AU))} | ${sec(med(CU))} | ${(med(AU) / med(CU)).toFixed(2)} | ${AU.map(sec).join(", ")}; ${CU.map(sec).join(", ")} |
| remove | ${sec(med(AD))} | ${sec(med(CD))} | ${(med(AD) / med(CD)).toFixed(2)} | ${AD.map(sec).join(", ")}; ${CD.map(sec).join(", ")} |
`);
JS
