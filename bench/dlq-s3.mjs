// bench/dlq-s3: the first page of a 100,000-record S3 dead-letter prefix through the API, against reading the same
// first lines with the AWS CLI (`aws s3 cp s3://… - | head -n 50`, a new process each time) and with the AWS SDK
// for JavaScript in-process (default client settings, warm: list the prefix, stream the first object, stop at 50
// lines). Modes:
//   seed    ENDPOINT BUCKET PREFIX OBJECTS PER_OBJECT      writes the prefix once (kept between runs)
//   measure URL TOKEN ENDPOINT BUCKET PREFIX RUNS AWS_BIN  prints one JSON line with the three readers' latencies
import { execFileSync } from "node:child_process";
import { Buffer } from "node:buffer";
import { gzipSync } from "node:zlib";
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";

const PAGE = 50;
const [mode, ...args] = process.argv.slice(2);
const client = (endpoint) =>
  new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });

function envelope(i) {
  return JSON.stringify({
    original_message: {
      event_id: `evt_${String(i).padStart(10, "0")}`,
      user_id: i % 97 === 0 ? null : i,
      action: "view",
      tour_id: `t-${i % 500}`,
    },
    error: {
      type: ["ValueError", "KeyError", "TypeError"][i % 3],
      message: `Null user_id in row ${i}`,
      traceback: "None",
    },
    source: "app_events",
    timestamp: new Date(Date.UTC(2026, 10, 30) + i * 1000).toISOString().replace("Z", ""),
    retry_count: 1,
    metadata: { processing_step: "bronze_to_silver" },
  });
}

async function seed(endpoint, bucket, prefix, objects, perObject) {
  const s3 = client(endpoint);
  await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch(() => undefined);
  const have = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  if ((have.KeyCount ?? 0) === Number(objects)) return console.log(`bench: ${prefix} is there (${objects} objects)`);
  for (let o = 0; o < Number(objects); o++) {
    const lines = [];
    for (let i = 0; i < Number(perObject); i++) lines.push(envelope(o * Number(perObject) + i));
    // Every other object gzipped: the layout allows both.
    const gz = o % 2 === 1;
    const body = Buffer.from(lines.join("\n") + "\n");
    const Key = `${prefix}part-${String(o).padStart(5, "0")}.jsonl${gz ? ".gz" : ""}`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: gz ? gzipSync(body) : body }));
  }
  console.log(`bench: wrote ${objects} × ${perObject} records under s3://${bucket}/${prefix}`);
}

async function sdkFirstPage(s3, bucket, prefix) {
  const list = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  const key = list.Contents[0].Key;
  const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  let n = 0;
  let rest = "";
  const lines = [];
  for await (const chunk of res.Body) {
    rest += chunk.toString("utf8");
    let i;
    while ((i = rest.indexOf("\n")) !== -1 && n < PAGE) {
      lines.push(JSON.parse(rest.slice(0, i)));
      rest = rest.slice(i + 1);
      n++;
    }
    if (n >= PAGE) break;
  }
  res.Body.destroy();
  return lines.length;
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { n: s.length, p50: +q(0.5).toFixed(1), p95: +q(0.95).toFixed(1), max: +s.at(-1).toFixed(1) };
};

async function measure(url, token, endpoint, bucket, prefix, runs, awsBin) {
  const s3 = client(endpoint);
  const first = (await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents[0].Key;
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_DEFAULT_REGION: "us-east-1",
  };
  const readers = {
    api: async () => {
      const r = await fetch(`${url}/api/v1/dlq/s3/records?prefix=${encodeURIComponent(prefix)}&limit=${PAGE}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const page = await r.json();
      if (r.status !== 200 || page.messages.length !== PAGE)
        throw new Error(`api: ${r.status} ${JSON.stringify(page).slice(0, 200)}`);
    },
    awscli: async () => {
      const out = execFileSync(
        "sh",
        [
          "-c",
          `"${awsBin}" s3 cp "s3://${bucket}/${first}" - --endpoint-url "${endpoint}" 2>/dev/null | head -n ${PAGE}`,
        ],
        {
          env,
          encoding: "utf8",
          maxBuffer: 64 << 20,
        },
      );
      if (out.trim().split("\n").length !== PAGE) throw new Error("awscli: short read");
    },
    sdk: async () => {
      if ((await sdkFirstPage(s3, bucket, prefix)) !== PAGE) throw new Error("sdk: short read");
    },
  };
  const times = { api: [], awscli: [], sdk: [] };
  for (let i = 0; i < Number(runs) + 3; i++) {
    for (const [name, read] of Object.entries(readers)) {
      const t0 = performance.now();
      await read();
      if (i >= 3) times[name].push(performance.now() - t0); // 3 warm-up rounds
    }
  }
  console.log(JSON.stringify(Object.fromEntries(Object.entries(times).map(([k, v]) => [k, stats(v)]))));
}

if (mode === "seed") await seed(...args);
else if (mode === "measure") await measure(...args);
else {
  console.error("usage: dlq-s3.mjs seed|measure …");
  process.exit(2);
}
