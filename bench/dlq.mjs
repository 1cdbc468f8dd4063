#!/usr/bin/env node
// Measurement half of bench/dlq.sh: browse latency against kcat, and replay throughput against
// kafka-producer-perf-test. Prints one JSON line per measurement.
import { execFileSync, spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";

const [mode, url, token, broker, topic, ...rest] = process.argv.slice(2);
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const r1 = (x) => Math.round(x * 10) / 10;
const headers = { authorization: `Bearer ${token}` };

if (mode === "browse") {
  const [runs, maxOffset] = [Number(rest[0] ?? 200), Number(rest[1])];
  // Warm: the app's reader connections and metadata, kcat's page cache.
  for (let i = 0; i < 10; i++)
    await (
      await fetch(`${url}/api/v1/dlq/topics/${topic}/messages?from=offset&offset=${i * 1000}&limit=50`, { headers })
    ).arrayBuffer();
  const app = [],
    peer = [];
  let shown = 0;
  for (let i = 0; i < runs; i++) {
    const offset = Math.floor(Math.random() * (maxOffset - 60));
    // Interleaved, so both see the same machine state.
    let t0 = performance.now();
    const res = await fetch(`${url}/api/v1/dlq/topics/${topic}/messages?from=offset&offset=${offset}&limit=50`, {
      headers,
    });
    const body = await res.json();
    app.push(performance.now() - t0);
    if (res.status !== 200 || body.messages.length !== 50)
      throw new Error(`app page at ${offset}: ${res.status} ${body.messages?.length}`);
    shown += body.messages.length;
    t0 = performance.now();
    const k = spawnSync(
      "kcat",
      ["-C", "-b", broker, "-t", topic, "-o", String(offset), "-c", "50", "-q", "-f", "%p %o %k %s\n"],
      { encoding: "utf8", maxBuffer: 64 << 20 },
    );
    peer.push(performance.now() - t0);
    if (k.status !== 0 || k.stdout.split("\n").filter(Boolean).length !== 50)
      throw new Error(`kcat at ${offset}: ${k.status} ${k.stderr}`);
  }
  console.log(
    JSON.stringify({
      runs,
      shown,
      app: { p50: r1(pct(app, 50)), p95: r1(pct(app, 95)), max: r1(Math.max(...app)) },
      kcat: { p50: r1(pct(peer, 50)), p95: r1(pct(peer, 95)), max: r1(Math.max(...peer)) },
    }),
  );
} else if (mode === "kafkajs") {
  // The client this app used before: kafkajs reads only through a consumer group. A first page at an offset
  // = join a fresh group, seek, take 50. Measured a few times to show why the adapter moved.
  const { Kafka, logLevel } = await import("kafkajs");
  const [runs, maxOffset] = [Number(rest[0] ?? 5), Number(rest[1])];
  const kafka = new Kafka({ clientId: "bench-kafkajs", brokers: broker.split(","), logLevel: logLevel.NOTHING });
  const times = [];
  for (let i = 0; i < runs; i++) {
    const offset = Math.floor(Math.random() * (maxOffset - 60));
    const consumer = kafka.consumer({ groupId: `bench-kafkajs-${Date.now()}-${i}` });
    const t0 = performance.now();
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: false });
    let got = 0;
    await new Promise((resolve) => {
      consumer.on(consumer.events.GROUP_JOIN, () => {
        for (const p of [0, 1, 2]) consumer.seek({ topic, partition: p, offset: String(offset) });
      });
      void consumer.run({
        autoCommit: false,
        eachMessage: async () => {
          got++;
          if (got === 50) resolve();
        },
      });
    });
    times.push(performance.now() - t0);
    await consumer.disconnect();
  }
  console.log(JSON.stringify({ runs, p50: r1(pct(times, 50)), max: r1(Math.max(...times)) }));
} else if (mode === "replay") {
  const [n, target] = [Number(rest[0]), rest[1]];
  const csrfless = { ...headers, "content-type": "application/json" };
  const t0 = performance.now();
  const res = await fetch(`${url}/api/v1/dlq/replays`, {
    method: "POST",
    headers: csrfless,
    body: JSON.stringify({ sourceTopic: topic, filter: {}, targetTopic: target, ratePerSecond: 1_000_000 }),
  });
  const { replay } = await res.json();
  if (res.status !== 202) throw new Error(`replay: ${res.status} ${JSON.stringify(replay)}`);
  let r;
  for (;;) {
    r = await (await fetch(`${url}/api/v1/dlq/replays/${replay.id}`, { headers })).json();
    if (["succeeded", "failed", "cancelled"].includes(r.state)) break;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  const seconds = (performance.now() - t0) / 1000;
  if (r.state !== "succeeded") throw new Error(`replay ${r.state}: ${r.error}`);
  // 0 lost, 0 duplicated: read the target back with kcat (read_committed) and count distinct sources.
  const out = execFileSync(
    "kcat",
    [
      "-C",
      "-b",
      broker,
      "-t",
      target,
      "-o",
      "beginning",
      "-e",
      "-q",
      "-X",
      "isolation.level=read_committed",
      "-f",
      "%h\n",
    ],
    { encoding: "utf8", maxBuffer: 1 << 30 },
  );
  const rows = out.split("\n").filter(Boolean);
  const sources = new Set(
    rows.map(
      (h) => `${/nexus-replay-source-partition=(\d+)/.exec(h)?.[1]}:${/nexus-replay-source-offset=(\d+)/.exec(h)?.[1]}`,
    ),
  );
  console.log(
    JSON.stringify({
      n,
      seconds: r1(seconds),
      rate: Math.round(n / seconds),
      sent: r.sent,
      inTarget: rows.length,
      distinct: sources.size,
      lost: n - sources.size,
      duplicated: rows.length - sources.size,
    }),
  );
}
