#!/usr/bin/env bash
# Two Spark standalone clusters from pyspark (PyPI), as in the platform: "streaming" and "batch", each a
# master and one worker, on 127.0.0.1 with small heaps. Usage: spark.sh up | down | status | env
#   streaming: master 17077, UI 18080, worker UI 18081 · batch: master 17078, UI 18082, worker UI 18083
set -uo pipefail
COMPONENT=spark
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/python-env.sh"
DIR="$STATE_ROOT/spark"
# name master-port master-ui worker-ui
CLUSTERS=("streaming 17077 18080 18081" "batch 17078 18082 18083")

spark_home() { "$VENV/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))'; }

start_daemon() { # start_daemon NAME LOGNAME CLASS ARGS...
  local name=$1; shift
  pid_alive "$DIR/$name.pid" && return 0
  SPARK_HOME="$SPARK_HOME" SPARK_LOG_DIR="$DIR" SPARK_WORKER_DIR="$DIR/work-$name" SPARK_NO_DAEMONIZE=1 \
    SPARK_DAEMON_MEMORY=256m nohup "$SPARK_HOME/bin/spark-class" "$@" >"$DIR/$name.log" 2>&1 &
  echo $! >"$DIR/$name.pid"
}

up() {
  local t0; t0=$(now_ms)
  ensure_apt java default-jre-headless
  mkdir -p "$DIR"
  ensure_venv "pyspark==4.3.0"
  SPARK_HOME=$(spark_home)
  local c name mport mui wui
  for c in "${CLUSTERS[@]}"; do
    read -r name mport mui wui <<<"$c"
    if ! pid_alive "$DIR/$name-master.pid"; then
      for p in "$mport" "$mui" "$wui"; do is_port_free "$p" || die "port $p is already taken"; done
    fi
    start_daemon "$name-master" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$mport" --webui-port "$mui"
  done
  for c in "${CLUSTERS[@]}"; do
    read -r name mport mui wui <<<"$c"
    wait_for_port "$mport" 60 "$(cat "$DIR/$name-master.pid")" "$DIR/$name-master.log" || { down >/dev/null; die "the $name master did not start"; }
    start_daemon "$name-worker" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --webui-port "$wui" --cores 1 --memory 512m "spark://127.0.0.1:$mport"
  done
  # Ready means each master lists an ALIVE worker.
  local i ok
  for ((i = 0; i < 150; i++)); do
    ok=0
    for c in "${CLUSTERS[@]}"; do
      read -r name mport mui wui <<<"$c"
      curl -sf "http://127.0.0.1:$mui/json/" 2>/dev/null | grep -q '"state" *: *"ALIVE"' && ok=$((ok + 1))
    done
    [ "$ok" = 2 ] && break
    sleep 0.2
  done
  [ "$ok" = 2 ] || { tail -n 20 "$DIR"/*-worker.log >&2; down >/dev/null; die "the workers did not register within 30 s"; }
  say "streaming master spark://127.0.0.1:17077 (UI :18080), batch master spark://127.0.0.1:17078 (UI :18082), each with a worker, up in $(( ($(now_ms) - t0) / 1000 ))s"
}

down() {
  local f
  for f in "$DIR"/*-worker.pid "$DIR"/*-master.pid; do [ -e "$f" ] && stop_pidfile "$f" 10; done
  [ "${1:-}" = "--purge" ] && rm -rf "$DIR"
  say "stopped"
}

status() {
  local f
  for f in "$DIR"/*.pid; do
    [ -e "$f" ] || { echo "spark: stopped"; return; }
    if pid_alive "$f"; then echo "$(basename "$f" .pid): running"; else echo "$(basename "$f" .pid): stopped"; fi
  done
}

case "${1:-}" in
  up) up ;;
  down) shift; down "$@" ;;
  status) status ;;
  env) echo "SPARK_STREAMING_UI=http://127.0.0.1:18080 SPARK_BATCH_UI=http://127.0.0.1:18082" ;;
  *) echo "usage: $0 up | down [--purge] | status | env" >&2; exit 2 ;;
esac
