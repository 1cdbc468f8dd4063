#!/bin/sh
# KAFKA_NODE_ID, KAFKA_PORT, KAFKA_CONTROLLER_PORT, KAFKA_VOTERS (id@host:port,...), KAFKA_CLUSTER_ID,
# KAFKA_REPLICATION (default 3), KAFKA_HEAP (default 256m). Data in /var/lib/kafka.
set -eu
: "${KAFKA_NODE_ID:?}" "${KAFKA_PORT:?}" "${KAFKA_CONTROLLER_PORT:?}" "${KAFKA_VOTERS:?}" "${KAFKA_CLUSTER_ID:?}"
RF=${KAFKA_REPLICATION:-3}
ISR=$(( RF > 1 ? 2 : 1 ))
mkdir -p /var/lib/kafka
cat >/opt/kafka/server.properties <<CONF
node.id=$KAFKA_NODE_ID
process.roles=broker,controller
controller.quorum.voters=$KAFKA_VOTERS
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=/var/lib/kafka/data
num.partitions=3
default.replication.factor=$RF
min.insync.replicas=$ISR
offsets.topic.replication.factor=$RF
transaction.state.log.replication.factor=$RF
transaction.state.log.min.isr=$ISR
group.initial.rebalance.delay.ms=0
log.cleaner.dedupe.buffer.size=8388608
CONF
run() { exec_=$1; shift; $exec_ java -Xms128m "-Xmx${KAFKA_HEAP:-256m}" -XX:+UseSerialGC -Dlog4j2.configurationFile=/opt/kafka/log4j2.properties -cp '/opt/kafka/libs/*' "$@"; }
[ -f /var/lib/kafka/data/meta.properties ] || run "" kafka.tools.StorageTool format -t "$KAFKA_CLUSTER_ID" -c /opt/kafka/server.properties
run exec kafka.Kafka /opt/kafka/server.properties
