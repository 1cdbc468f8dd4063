#!/usr/bin/env bash
# A 3-broker Apache Kafka cluster (KRaft, combined broker+controller nodes) on 127.0.0.1, from Maven
# Central jars, for the tests. Usage: kafka.sh up | down | status | bootstrap
#   ports: clients 19092-19094 (NEXUS_KAFKA_PORT_BASE), controllers 19192-19194; heaps 256 MB each.
set -uo pipefail
COMPONENT=kafka
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/python-env.sh"
KAFKA_VERSION=4.3.1
BASE=${NEXUS_KAFKA_PORT_BASE:-19092}
CTRL_BASE=$((BASE + 100))
DIR="$STATE_ROOT/kafka"
LIBS="$CACHE_ROOT/kafka-$KAFKA_VERSION/libs"
HERE=$(cd "$(dirname "$0")" && pwd)

bootstrap() { echo "127.0.0.1:$BASE,127.0.0.1:$((BASE + 1)),127.0.0.1:$((BASE + 2))"; }

fetch_jars() {
  # The marker is written last: an interrupted download is redone, never trusted.
  [ -f "$LIBS/.complete" ] && return 0
  ensure_apt java default-jre-headless
  ensure_apt mvn maven
  say "fetching Kafka $KAFKA_VERSION jars from Maven Central…"
  rm -rf "$LIBS.partial" && mkdir -p "$LIBS.partial"
  mvn -q -B -f "$HERE/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="$LIBS.partial" -DincludeScope=runtime >"$STATE_ROOT/kafka-mvn.log" 2>&1 \
    || { tail -n 30 "$STATE_ROOT/kafka-mvn.log" >&2; die "mvn dependency:copy-dependencies failed"; }
  touch "$LIBS.partial/.complete"
  rm -rf "$LIBS" && mv "$LIBS.partial" "$LIBS"
}

run_java() { java -Xms128m -Xmx256m -XX:+UseSerialGC -Dlog4j2.configurationFile="$HERE/kafka/log4j2.properties" -cp "$LIBS/*" "$@"; }

up() {
  local t0; t0=$(now_ms)
  mkdir -p "$DIR"
  fetch_jars
  # Peer clients for interop tests: confluent-kafka (librdkafka) for the DLQ tests' Spring-style binary headers,
  # openlineage-python for the lineage tests' HTTP transport, great-expectations for real validation results,
  # dbt on DuckDB with openlineage-dbt (dbt-ol) for real dbt test events (the quality gate's test; wheels only, ~30 s).
  ensure_venv "confluent-kafka==2.16.1" "openlineage-python==1.54.0" "great-expectations==1.24.1" "pandas==2.3.3" \
    "dbt-core==1.11.16" "dbt-duckdb==1.11.1" "openlineage-dbt==1.54.0"
  local running=0 n
  for n in 1 2 3; do pid_alive "$DIR/node-$n.pid" && running=$((running + 1)); done
  if [ "$running" = 3 ]; then say "already running on $(bootstrap)"; return 0; fi
  for n in 1 2 3; do
    pid_alive "$DIR/node-$n.pid" && continue
    for p in $((BASE + n - 1)) $((CTRL_BASE + n - 1)); do
      is_port_free "$p" || die "port $p is already taken by another process (set NEXUS_KAFKA_PORT_BASE to move the cluster)"
    done
  done
  if [ ! -f "$DIR/cluster-id" ]; then
    rm -rf "$DIR"/node-* && mkdir -p "$DIR"
    run_java kafka.tools.StorageTool random-uuid >"$DIR/cluster-id.tmp" 2>"$DIR/format.log" || { cat "$DIR/format.log" >&2; die "could not make a cluster id"; }
    mv "$DIR/cluster-id.tmp" "$DIR/cluster-id"
  fi
  local voters="1@127.0.0.1:$CTRL_BASE,2@127.0.0.1:$((CTRL_BASE + 1)),3@127.0.0.1:$((CTRL_BASE + 2))"
  for n in 1 2 3; do
    pid_alive "$DIR/node-$n.pid" && continue
    mkdir -p "$DIR/node-$n"
    # The image's entrypoint formats on first start and execs the broker, so the pid is the JVM's.
    KAFKA_NODE_ID=$n KAFKA_PORT=$((BASE + n - 1)) KAFKA_CONTROLLER_PORT=$((CTRL_BASE + n - 1)) KAFKA_VOTERS=$voters \
      KAFKA_CLUSTER_ID=$(cat "$DIR/cluster-id") KAFKA_DATA="$DIR/node-$n/data" KAFKA_CONF="$DIR/node-$n/server.properties" \
      KAFKA_LIBS="$LIBS" KAFKA_LOG4J="$HERE/kafka/log4j2.properties" \
      nohup sh "$HERE/images/kafka/entrypoint.sh" >"$DIR/node-$n.log" 2>&1 &
    echo $! >"$DIR/node-$n.pid"
  done
  for n in 1 2 3; do
    wait_for_port $((BASE + n - 1)) 90 "$(cat "$DIR/node-$n.pid")" "$DIR/node-$n.log" || { down >/dev/null; die "broker $n did not start (all brokers stopped again)"; }
  done
  # Listening is not ready: wait until every broker has registered with the elected controller.
  ensure_apt kcat kcat
  local i
  for ((i = 0; i < 150; i++)); do
    [ "$(kcat -b "$(bootstrap)" -L -m 3 2>/dev/null | grep -c '^  broker [0-9]')" = 3 ] && break
    sleep 0.2
  done
  [ "$i" -lt 150 ] || { tail -n 20 "$DIR"/node-1.log >&2; down >/dev/null; die "the brokers did not form a 3-node cluster within 30 s (stopped again)"; }
  say "3 brokers up on $(bootstrap) in $(( ($(now_ms) - t0) / 1000 ))s (logs: $DIR/node-*.log)"
}

down() {
  local n
  for n in 1 2 3; do stop_pidfile "$DIR/node-$n.pid" 15 & done
  wait
  [ "${1:-}" = "--purge" ] && rm -rf "$DIR"
  say "stopped"
}

status() {
  local n
  for n in 1 2 3; do
    if pid_alive "$DIR/node-$n.pid"; then echo "broker $n: running (pid $(cat "$DIR/node-$n.pid"), 127.0.0.1:$((BASE + n - 1)))"; else echo "broker $n: stopped"; fi
  done
}

case "${1:-}" in
  up) up ;;
  down) shift; down "$@" ;;
  status) status ;;
  bootstrap) bootstrap ;;
  fetch) mkdir -p "$STATE_ROOT"; fetch_jars; echo "$LIBS" ;;
  # kafka-tools from the same jars, e.g. tool org.apache.kafka.tools.ProducerPerformance --topic t ...
  tool) shift; mkdir -p "$STATE_ROOT"; fetch_jars; run_java "$@" ;;
  *) echo "usage: $0 up | down [--purge] | status | bootstrap | fetch | tool CLASS ARGS..." >&2; exit 2 ;;
esac
