#!/usr/bin/env bash
# Prometheus and the Pushgateway (Debian's packages) on 127.0.0.1 for the tests; Prometheus scrapes the
# Pushgateway every second. Usage: monitoring.sh up | down | status
#   ports: Prometheus 19090 (NEXUS_PROMETHEUS_PORT), Pushgateway 19091 (NEXUS_PUSHGATEWAY_PORT)
set -uo pipefail
COMPONENT=monitoring
source "$(dirname "$0")/lib.sh"
PROM_PORT=${NEXUS_PROMETHEUS_PORT:-19090}
PUSH_PORT=${NEXUS_PUSHGATEWAY_PORT:-19091}
DIR="$STATE_ROOT/monitoring"

up() {
  local t0; t0=$(now_ms)
  ensure_apt prometheus prometheus
  ensure_apt prometheus-pushgateway prometheus-pushgateway
  mkdir -p "$DIR/tsdb"
  if ! pid_alive "$DIR/pushgateway.pid"; then
    is_port_free "$PUSH_PORT" || die "port $PUSH_PORT is already taken (set NEXUS_PUSHGATEWAY_PORT)"
    nohup prometheus-pushgateway --web.listen-address="127.0.0.1:$PUSH_PORT" >"$DIR/pushgateway.log" 2>&1 &
    echo $! >"$DIR/pushgateway.pid"
  fi
  if ! pid_alive "$DIR/prometheus.pid"; then
    is_port_free "$PROM_PORT" || die "port $PROM_PORT is already taken (set NEXUS_PROMETHEUS_PORT)"
    cat >"$DIR/prometheus.yml" <<CONF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: pushgateway
    honor_labels: true
    static_configs:
      - targets: ["127.0.0.1:$PUSH_PORT"]
  - job_name: prometheus
    static_configs:
      - targets: ["127.0.0.1:$PROM_PORT"]
CONF
    nohup prometheus --config.file="$DIR/prometheus.yml" --storage.tsdb.path="$DIR/tsdb" \
      --web.listen-address="127.0.0.1:$PROM_PORT" --storage.tsdb.retention.time=1d >"$DIR/prometheus.log" 2>&1 &
    echo $! >"$DIR/prometheus.pid"
  fi
  wait_for_port "$PUSH_PORT" 30 "$(cat "$DIR/pushgateway.pid")" "$DIR/pushgateway.log" || { down >/dev/null; die "the Pushgateway did not start"; }
  wait_for_port "$PROM_PORT" 30 "$(cat "$DIR/prometheus.pid")" "$DIR/prometheus.log" || { down >/dev/null; die "Prometheus did not start"; }
  local i
  for ((i = 0; i < 100; i++)); do curl -sf "http://127.0.0.1:$PROM_PORT/-/ready" >/dev/null && break; sleep 0.2; done
  [ "$i" -lt 100 ] || { tail -n 20 "$DIR/prometheus.log" >&2; down >/dev/null; die "Prometheus not ready within 20 s"; }
  say "Prometheus on 127.0.0.1:$PROM_PORT, Pushgateway on 127.0.0.1:$PUSH_PORT, up in $(( ($(now_ms) - t0) / 1000 ))s"
}

down() {
  stop_pidfile "$DIR/prometheus.pid" 10
  stop_pidfile "$DIR/pushgateway.pid" 10
  [ "${1:-}" = "--purge" ] && rm -rf "$DIR"
  say "stopped"
}

status() {
  local s
  for s in prometheus pushgateway; do
    if pid_alive "$DIR/$s.pid"; then echo "$s: running (pid $(cat "$DIR/$s.pid"))"; else echo "$s: stopped"; fi
  done
}

case "${1:-}" in
  up) up ;;
  down) shift; down "$@" ;;
  status) status ;;
  env) echo "PROMETHEUS_URL=http://127.0.0.1:$PROM_PORT PUSHGATEWAY_URL=http://127.0.0.1:$PUSH_PORT" ;;
  *) echo "usage: $0 up | down [--purge] | status | env" >&2; exit 2 ;;
esac
