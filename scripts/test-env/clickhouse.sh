#!/usr/bin/env bash
# ClickHouse (Debian's clickhouse-server) on 127.0.0.1 for the tests, with its data under the state dir.
# Usage: clickhouse.sh up | down | status | env     ports: HTTP 19123 (NEXUS_CLICKHOUSE_HTTP_PORT), native 19900
set -uo pipefail
COMPONENT=clickhouse
source "$(dirname "$0")/lib.sh"
HTTP_PORT=${NEXUS_CLICKHOUSE_HTTP_PORT:-19123}
TCP_PORT=$((HTTP_PORT + 777))
INTER_PORT=$((HTTP_PORT + 786))
DIR="$STATE_ROOT/clickhouse"

up() {
  local t0; t0=$(now_ms)
  ensure_apt clickhouse-server clickhouse-server clickhouse-client
  if pid_alive "$DIR/clickhouse.pid"; then say "already running on 127.0.0.1:$HTTP_PORT"; return 0; fi
  local p
  for p in "$HTTP_PORT" "$TCP_PORT" "$INTER_PORT"; do is_port_free "$p" || die "port $p is already taken (set NEXUS_CLICKHOUSE_HTTP_PORT)"; done
  mkdir -p "$DIR/data" "$DIR/log"
  # The packaged config with our ports, paths and loopback only.
  sed -e "s#<http_port>8123</http_port>#<http_port>$HTTP_PORT</http_port>#" \
      -e "s#<tcp_port>9000</tcp_port>#<tcp_port>$TCP_PORT</tcp_port>#" \
      -e "s#<interserver_http_port>9009</interserver_http_port>#<interserver_http_port>$INTER_PORT</interserver_http_port>#" \
      -e "s#/var/lib/clickhouse/#$DIR/data/#g" -e "s#/var/log/clickhouse-server/#$DIR/log/#g" \
      -e "s#<listen_host>::1</listen_host>##" \
      /etc/clickhouse-server/config.xml >"$DIR/config.xml"
  cp /etc/clickhouse-server/users.xml "$DIR/users.xml"
  sed -i "s#<users_config>users.xml</users_config>#<users_config>$DIR/users.xml</users_config>#" "$DIR/config.xml"
  pushd "$DIR" >/dev/null || die "cannot enter $DIR"
  nohup clickhouse-server --config-file="$DIR/config.xml" >"$DIR/stdout.log" 2>&1 &
  echo $! >"$DIR/clickhouse.pid"
  popd >/dev/null || true
  wait_for_port "$HTTP_PORT" 60 "$(cat "$DIR/clickhouse.pid")" "$DIR/log/clickhouse-server.err.log" || { down >/dev/null; die "ClickHouse did not start"; }
  say "ClickHouse on http://127.0.0.1:$HTTP_PORT (native $TCP_PORT), up in $(( ($(now_ms) - t0) / 1000 ))s"
}

down() {
  stop_pidfile "$DIR/clickhouse.pid" 15
  [ "${1:-}" = "--purge" ] && rm -rf "$DIR"
  say "stopped"
}

case "${1:-}" in
  up) up ;;
  down) shift; down "$@" ;;
  status) if pid_alive "$DIR/clickhouse.pid"; then echo "clickhouse: running (pid $(cat "$DIR/clickhouse.pid"))"; else echo "clickhouse: stopped"; fi ;;
  env) echo "CLICKHOUSE_URL=http://127.0.0.1:$HTTP_PORT" ;;
  *) echo "usage: $0 up | down [--purge] | status | env" >&2; exit 2 ;;
esac
