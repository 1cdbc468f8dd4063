#!/bin/sh
# Starts one KRaft node (broker+controller), formatting its storage on first start. Used by the
# nexus/kafka image and by kafka.sh for plain processes, so both run the same configuration.
#   required: KAFKA_NODE_ID, KAFKA_PORT, KAFKA_CONTROLLER_PORT, KAFKA_VOTERS (id@host:port,...), KAFKA_CLUSTER_ID
#   optional: KAFKA_REPLICATION (3), KAFKA_HEAP (256m), KAFKA_DATA (/var/lib/kafka/data),
#             KAFKA_CONF (/opt/kafka/server.properties), KAFKA_LIBS (/opt/kafka/libs), KAFKA_LOG4J
set -eu
: "${KAFKA_NODE_ID:?}" "${KAFKA_PORT:?}" "${KAFKA_CONTROLLER_PORT:?}" "${KAFKA_VOTERS:?}" "${KAFKA_CLUSTER_ID:?}"
RF=${KAFKA_REPLICATION:-3}
ISR=$(( RF > 1 ? 2 : 1 ))
DATA=${KAFKA_DATA:-/var/lib/kafka/data}
CONF=${KAFKA_CONF:-/opt/kafka/server.properties}
LIBS=${KAFKA_LIBS:-/opt/kafka/libs}
LOG4J=${KAFKA_LOG4J:-/opt/kafka/log4j2.properties}
mkdir -p "$(dirname "$DATA")" "$(dirname "$CONF")"
cat >"$CONF" <<CONF
node.id=$KAFKA_NODE_ID
process.roles=broker,controller
controller.quorum.voters=$KAFKA_VOTERS
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA
num.partitions=3
default.replication.factor=$RF
min.insync.replicas=$ISR
offsets.topic.replication.factor=$RF
transaction.state.log.replication.factor=$RF
transaction.state.log.min.isr=$ISR
group.initial.rebalance.delay.ms=0
log.segment.bytes=16777216
# The cleaner's default 128 MB dedupe buffer does not fit the small heaps used here.
log.cleaner.dedupe.buffer.size=8388608
CONF
run() { exec_=$1; shift; $exec_ java -Xms128m "-Xmx${KAFKA_HEAP:-256m}" -XX:+UseSerialGC -Dlog4j2.configurationFile="$LOG4J" -cp "$LIBS/*" "$@"; }
[ -f "$DATA/meta.properties" ] || run "" kafka.tools.StorageTool format -t "$KAFKA_CLUSTER_ID" -c "$CONF"
run exec kafka.Kafka "$CONF"
