#!/bin/bash
# SPARK_MODE=master: a standalone master on 127.0.0.1:$SPARK_MASTER_PORT, UI $SPARK_MASTER_WEBUI_PORT.
# SPARK_MODE=worker: a worker of $SPARK_MASTER_URL with $SPARK_WORKER_CORES cores and $SPARK_WORKER_MEMORY.
set -euo pipefail
export SPARK_DAEMON_MEMORY=${SPARK_DAEMON_MEMORY:-256m}
case "${SPARK_MODE:-master}" in
  master) exec /opt/spark/bin/spark-class org.apache.spark.deploy.master.Master --host 127.0.0.1 \
            --port "${SPARK_MASTER_PORT:-7077}" --webui-port "${SPARK_MASTER_WEBUI_PORT:-8080}" ;;
  worker) exec /opt/spark/bin/spark-class org.apache.spark.deploy.worker.Worker --host 127.0.0.1 \
            --webui-port "${SPARK_WORKER_WEBUI_PORT:-8081}" --cores "${SPARK_WORKER_CORES:-1}" --memory "${SPARK_WORKER_MEMORY:-512m}" \
            "${SPARK_MASTER_URL:?set SPARK_MASTER_URL}" ;;
  *) echo "SPARK_MODE must be master or worker" >&2; exit 2 ;;
esac
