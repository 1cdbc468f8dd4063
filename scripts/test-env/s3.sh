#!/usr/bin/env bash
# An S3-compatible server in MinIO's place for the tests: moto in server mode (PyPI), on 127.0.0.1.
# Usage: s3.sh up | down | status | env     port 19000 (NEXUS_S3_PORT); credentials: any (moto accepts all)
set -uo pipefail
COMPONENT=s3
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/python-env.sh"
PORT=${NEXUS_S3_PORT:-19000}
DIR="$STATE_ROOT/s3"

up() {
  local t0; t0=$(now_ms)
  mkdir -p "$DIR"
  ensure_venv "moto[server]==5.2.5"
  if pid_alive "$DIR/moto.pid"; then say "already running on 127.0.0.1:$PORT"; return 0; fi
  is_port_free "$PORT" || die "port $PORT is already taken (set NEXUS_S3_PORT)"
  nohup "$VENV/bin/moto_server" -H 127.0.0.1 -p "$PORT" >"$DIR/moto.log" 2>&1 &
  echo $! >"$DIR/moto.pid"
  wait_for_port "$PORT" 30 "$(cat "$DIR/moto.pid")" "$DIR/moto.log" || { down >/dev/null; die "moto did not start"; }
  say "S3 (moto) on http://127.0.0.1:$PORT, up in $(( ($(now_ms) - t0) / 1000 ))s"
}

down() {
  stop_pidfile "$DIR/moto.pid" 10
  [ "${1:-}" = "--purge" ] && rm -rf "$DIR"
  say "stopped"
}

case "${1:-}" in
  up) up ;;
  down) shift; down "$@" ;;
  status) if pid_alive "$DIR/moto.pid"; then echo "moto: running (pid $(cat "$DIR/moto.pid"), 127.0.0.1:$PORT)"; else echo "moto: stopped"; fi ;;
  env) echo "S3_ENDPOINT=http://127.0.0.1:$PORT NEXUS_TEST_VENV=$VENV" ;;
  *) echo "usage: $0 up | down [--purge] | status | env" >&2; exit 2 ;;
esac
