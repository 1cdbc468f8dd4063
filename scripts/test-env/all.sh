#!/usr/bin/env bash
# The whole test environment: starts every service in parallel, reports each one's time, and writes
# the variables the tests read to $STATE_ROOT/env.sh. Usage: all.sh up | down | status | env
#   NEXUS_TEST_SERVICES="kafka monitoring s3 clickhouse spark docker swarm iceberg airflow" picks a subset (iceberg needs s3;
#   airflow runs nothing: it installs Airflow into its cached venv once, for the pipeline tests).
set -uo pipefail
COMPONENT=test-env
source "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
SERVICES=${NEXUS_TEST_SERVICES:-kafka monitoring s3 clickhouse spark docker swarm iceberg airflow}

up() {
  local t0 s pids=() failed=()
  t0=$(now_ms)
  mkdir -p "$STATE_ROOT"
  for s in $SERVICES; do
    bash "$HERE/$s.sh" up >"$STATE_ROOT/up-$s.log" 2>&1 &
    pids+=("$!:$s")
  done
  for p in "${pids[@]}"; do
    wait "${p%%:*}" || failed+=("${p#*:}")
    cat "$STATE_ROOT/up-${p#*:}.log"
  done
  : >"$STATE_ROOT/env.sh"
  for s in $SERVICES; do
    case $s in
      kafka) echo "export KAFKA_BOOTSTRAP=$(bash "$HERE/kafka.sh" bootstrap) NEXUS_TEST_VENV=$CACHE_ROOT/venv" >>"$STATE_ROOT/env.sh" ;;
      docker) echo "export DOCKER_SOCKET=/var/run/docker.sock" >>"$STATE_ROOT/env.sh" ;;
      *) echo "export $(bash "$HERE/$s.sh" env)" >>"$STATE_ROOT/env.sh" ;;
    esac
  done
  [ ${#failed[@]} -eq 0 ] || die "failed to start: ${failed[*]} (logs above)"
  say "all up in $(( ($(now_ms) - t0) / 1000 ))s; variables in $STATE_ROOT/env.sh"
}

down() {
  local s
  # The swarm is state of the Docker engine: leave it while the engine still answers, before docker.sh stops it.
  case " $SERVICES " in *" swarm "*) bash "$HERE/swarm.sh" down >/dev/null 2>&1 ;; esac
  for s in $SERVICES; do [ "$s" = swarm ] || bash "$HERE/$s.sh" down "$@" >/dev/null 2>&1 & done
  wait
  say "all stopped"
}

case "${1:-}" in
  up) up ;;
  down) shift; down "$@" ;;
  status) for s in $SERVICES; do bash "$HERE/$s.sh" status; done ;;
  env) cat "$STATE_ROOT/env.sh" ;;
  *) echo "usage: $0 up | down [--purge] | status | env" >&2; exit 2 ;;
esac
