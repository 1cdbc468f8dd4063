#!/usr/bin/env bash
# bench/dlq-browse and bench/dlq-replay, against peers measured in the same run on the same 3-broker cluster:
#   browse: first page of 50 at a random offset of a 1,000,000-message, 3-partition topic (warm), through the
#           API, against `kcat -C -o <offset> -c 50`; goal p95 <= 250 ms and <= 2x kcat.
#   replay: 100,000 messages replayed through the API (a dlq.replay job), against kafka-producer-perf-test at
#           the same record size and acks=all; goal >= 50 % of its rate, 0 lost, 0 duplicated.
# Usage: npm run bench:dlq [-- RUNS]   Appends the figures to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-200}
PORT=3971
SIZE=200
export NEXT_TELEMETRY_DISABLED=1 NEXT_DIST_DIR=.next-bench LOG_LEVEL=warn
WORK=$(mktemp -d /tmp/nexus-bench-dlq.XXXXXX)
source bench/lib.sh
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

bash scripts/test-env/kafka.sh up
BOOT=$(bash scripts/test-env/kafka.sh bootstrap)
BROKER=${BOOT%%,*}
tool() { bash scripts/test-env/kafka.sh tool "$@"; }
topic() { tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BROKER" "$@"; }
RUN=$(date +%s)
BIG=bench_dlq_browse_1m
# The 1,000,000-message topic is kept between runs (it takes a while to fill); made once.
if ! topic --describe --topic $BIG >/dev/null 2>&1; then
  echo "bench: filling $BIG with 1,000,000 messages…"
  topic --create --topic $BIG --partitions 3 --replication-factor 3 >/dev/null
  tool org.apache.kafka.tools.ProducerPerformance --topic $BIG --num-records 1000000 --record-size $SIZE --throughput -1 \
    --producer-props bootstrap.servers="$BOOT" acks=1 linger.ms=20 batch.size=262144 | tail -n 1
fi

bench_build
export NEXUS_DATA_DIR="$WORK/pglite" NEXUS_KAFKA_BROKERS="$BOOT"
TOKEN=$(NEXUS_ADMIN_PASSWORD=bench-admin-password bench_token operator)
bench_serve "$WORK/server.log"
URL="http://127.0.0.1:$PORT"

echo "bench: browse, $RUNS pages…"
BROWSE=$(node bench/dlq.mjs browse "$URL" "$TOKEN" "$BROKER" $BIG "$RUNS" 333000)
echo "bench: the same first page with kafkajs (consumer group join + seek), 5 times…"
KAFKAJS=$(node bench/dlq.mjs kafkajs "$URL" "$TOKEN" "$BOOT" $BIG 5 333000)

N=100000
SRC=bench_dlq_replay_src_$RUN; DST=bench_dlq_replay_dst_$RUN; PERF=bench_dlq_perf_$RUN
for t in $SRC $DST $PERF; do topic --create --topic $t --partitions 3 --replication-factor 3 >/dev/null; done
echo "bench: writing $N Connect-style dead letters with kcat…"
VALUE=$(head -c $((SIZE - 20)) /dev/zero | tr '\0' 'x')
seq 1 $N | awk -v v="$VALUE" '{printf "k%d\t{\"n\":%d,\"p\":\"%s\"}\n", $1, $1, substr(v, 1, 180 - length($1))}' \
  | kcat -P -b "$BROKER" -t $SRC -K $'\t' -H "__connect.errors.topic=orders" -H "__connect.errors.exception.class.name=org.apache.kafka.connect.errors.DataException" -X linger.ms=20
echo "bench: kafka-producer-perf-test, $N records of $SIZE bytes, acks=all…"
PEER=$(tool org.apache.kafka.tools.ProducerPerformance --topic $PERF --num-records $N --record-size $SIZE --throughput -1 \
  --producer-props bootstrap.servers="$BOOT" acks=all | tail -n 1)
echo "  $PEER"
echo "bench: replay $N through the API…"
REPLAY=$(node bench/dlq.mjs replay "$URL" "$TOKEN" "$BROKER" $SRC $N $DST)
echo "  $REPLAY"
for t in $SRC $DST $PERF; do topic --delete --topic $t >/dev/null 2>&1 || true; done

MACHINE="$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), node $(node --version), Kafka 4.3.1 (3 KRaft brokers, 256 MB heaps, same machine), kcat $(dpkg-query -W -f='${Version}' kcat 2>/dev/null), PGlite"
node - "$BROWSE" "$REPLAY" "$PEER" "$RUNS" "$MACHINE" "$KAFKAJS" <<'JS' | tee -a bench/RESULTS.md
const [b, r, peer, runs, machine, kj] = process.argv.slice(2);
const B = JSON.parse(b), R = JSON.parse(r), K = JSON.parse(kj);
const peerRate = Number(/([\d.]+) records\/sec/.exec(peer)?.[1] ?? NaN);
const ratio = (x, y) => (x / y).toFixed(2);
console.log(`
### dlq-browse and dlq-replay — ${new Date().toISOString().slice(0, 16)}Z

Command: \`npm run bench:dlq -- ${runs}\` · machine: ${machine}.

**dlq-browse**: GET /api/v1/dlq/topics/{topic}/messages?from=offset&offset=X&limit=50 (all 3 partitions, merged by time) at ${runs} random offsets of a 1,000,000-message topic, warm, interleaved with \`kcat -C -o X -c 50\` (a new process each time: connect, metadata, fetch) on the same broker.

| reader | p50 ms | p95 ms | max ms |
|---|---|---|---|
| Nexus API | ${B.app.p50} | ${B.app.p95} | ${B.app.max} |
| kcat | ${B.kcat.p50} | ${B.kcat.p95} | ${B.kcat.max} |

p95 ratio Nexus / kcat: **${ratio(B.app.p95, B.kcat.p95)}** (goal ≤ 2.0; absolute goal p95 ≤ 250 ms: ${B.app.p95 <= 250 ? "met" : "not met"}).
For the client choice: the same first page with kafkajs (fresh consumer group, join, seek, 50 messages) took p50 ${K.p50} ms, max ${K.max} ms over ${K.runs} runs — on this test cluster, whose brokers set \`group.initial.rebalance.delay.ms=0\`; with the broker default (3000 ms) every join waits 3 s more. The app reads partitions with direct Fetch requests (@platformatic/kafka) and never joins a group, so its latency does not depend on that setting.

**dlq-replay**: ${R.n.toLocaleString()} Connect-style dead letters (~200 B values, 3 headers) replayed through the API as one \`dlq.replay\` job (read, strip error headers, add provenance, Kafka transactions of up to 10,000 split into ~512 KiB produce requests, the next read overlapping the commit, a journal chunk per transaction), submit to succeeded; peer \`kafka-producer-perf-test --num-records ${R.n} --record-size 200 acks=all\` on the same cluster.

| writer | records/s |
|---|---|
| Nexus replay | ${R.rate.toLocaleString()} (${R.seconds} s) |
| kafka-producer-perf-test | ${Math.round(peerRate).toLocaleString()} |

Ratio: **${ratio(R.rate, peerRate)}** (goal ≥ 0.50). Checked with kcat (read_committed): ${R.inTarget.toLocaleString()} records in the target, ${R.distinct.toLocaleString()} distinct sources, lost ${R.lost}, duplicated ${R.duplicated}.
`);
JS
