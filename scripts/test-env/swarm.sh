#!/usr/bin/env bash
# A single-node Docker Swarm on the test engine, for the swarm stack driver's tests. Usage: swarm.sh up | down | status | env
#   up: `docker swarm init --advertise-addr 127.0.0.1` only when the engine is not in a swarm already, remembering that it
#   did (so down leaves only a swarm it created). Swarm creates the `ingress` overlay (10.0.0.0/24) and docker_gwbridge:
#   the tests never publish through the routing mesh (host networking or mode: host ports only).
set -uo pipefail
COMPONENT=swarm
source "$(dirname "$0")/lib.sh"
MARK="$STATE_ROOT/swarm/initialised-by-us"

state() { docker info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null; }

up() {
  local t0 s i; t0=$(now_ms)
  # all.sh starts docker.sh beside this script: on a fresh machine it installs and starts the engine first (up to 10 min).
  for ((i = 0; i < 600; i++)); do s=$(state) && [ -n "$s" ] && break; sleep 1; done
  [ -n "${s:-}" ] || die "no Docker engine answered within 10 min: run scripts/test-env/docker.sh up"
  mkdir -p "$(dirname "$MARK")"
  if [ "$s" = active ]; then
    [ "$(docker info --format '{{.Swarm.ControlAvailable}}')" = true ] || die "this engine is a swarm worker, not a manager"
    say "swarm already active ($(( ($(now_ms) - t0) ))ms)"
    return 0
  fi
  docker swarm init --advertise-addr 127.0.0.1 >/dev/null || die "docker swarm init failed"
  : >"$MARK"
  say "swarm initialised on 127.0.0.1 in $(( ($(now_ms) - t0) ))ms"
}

down() {
  if [ -f "$MARK" ] && [ "$(state)" = active ]; then
    docker swarm leave --force >/dev/null && say "left the swarm this script created"
  else
    say "swarm not created by this script: left as it is"
  fi
  rm -f "$MARK"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) say "node state: $(state || echo 'engine not answering')$([ -f "$MARK" ] && echo ' (initialised by swarm.sh)')" ;;
  env) echo "NEXUS_TEST_SWARM=$([ "$(state)" = active ] && echo 1 || echo 0)" ;;
  *) echo "usage: $0 up | down | status | env" >&2; exit 2 ;;
esac
