// Driver of bench/backup.sh: fills the source bucket, then times, round by round,
// `aws s3 sync` and a backup through the API into fresh buckets, removes them, and prints the RESULTS.md section.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";

const [url, token, endpoint, roundsArg, machine] = process.argv.slice(2);
const ROUNDS = Number(roundsArg);
const SRC = "bench-backup-src-1g";
const OBJECTS = 256;
const SIZE = 4 * 1024 * 1024;
const s3 = new S3Client({
  endpoint,
  region: "us-east-1",
  forcePathStyle: true,
  credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
});
const log = (m) => process.stderr.write(`bench: ${m}\n`);

async function keys(bucket) {
  const all = [];
  let token;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    all.push(...(page.Contents ?? []).map((o) => o.Key));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return all;
}

async function fillSource() {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: SRC }));
    if ((await keys(SRC)).length === OBJECTS) return;
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: SRC }));
  }
  log(`filling ${SRC} with ${OBJECTS} objects of 4 MiB…`);
  const queue = Array.from({ length: OBJECTS }, (_, i) => i);
  const put = async () => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift())
      await s3.send(
        new PutObjectCommand({
          Bucket: SRC,
          Key: `gold/part-${String(i).padStart(4, "0")}.parquet`,
          Body: randomBytes(SIZE),
        }),
      );
  };
  await Promise.all(Array.from({ length: 8 }, put));
}

async function removeBucket(bucket) {
  const list = await keys(bucket);
  for (let i = 0; i < list.length; i += 1000)
    await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: list.slice(i, i + 1000).map((Key) => ({ Key })) },
      }),
    );
  await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
}

function awsSync(target) {
  const t0 = performance.now();
  execFileSync(
    process.env.AWS_CLI,
    ["s3", "sync", `s3://${SRC}`, `s3://${target}`, "--endpoint-url", endpoint, "--quiet"],
    {
      stdio: "inherit",
    },
  );
  return performance.now() - t0;
}

async function api(path, init = {}) {
  const res = await fetch(`${url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

async function nexusBackup(target) {
  const t0 = performance.now();
  const b = await api("/api/v1/backups", {
    method: "POST",
    body: JSON.stringify({ source: { kind: "s3", bucket: SRC, prefix: "", targetBucket: target, targetPrefix: "" } }),
  });
  for (;;) {
    const now = await api(`/api/v1/backups/${b.id}`);
    if (now.status === "succeeded") return { ms: performance.now() - t0, bytes: now.sizeBytes };
    if (now.status === "failed" || now.status === "cancelled") throw new Error(`backup ${now.status}: ${now.error}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

await fillSource();
const rows = [];
const run = Date.now().toString(36);
for (let r = 1; r <= ROUNDS; r++) {
  const a = `bench-backup-aws-${run}-${r}`;
  const n = `bench-backup-nexus-${run}-${r}`;
  await s3.send(new CreateBucketCommand({ Bucket: a }));
  log(`round ${r}: aws s3 sync…`);
  const awsMs = awsSync(a);
  if ((await keys(a)).length !== OBJECTS) throw new Error(`aws s3 sync copied ${(await keys(a)).length} objects`);
  await removeBucket(a);
  log(`round ${r}: backup through the API…`);
  const nexus = await nexusBackup(n);
  if ((await keys(n)).length !== OBJECTS) throw new Error(`the backup copied ${(await keys(n)).length} objects`);
  await removeBucket(n);
  rows.push({ round: r, awsMs, nexusMs: nexus.ms, bytes: nexus.bytes });
}

// The test S3 server keeps objects in memory and is shared: give the GiB back.
await removeBucket(SRC);

const mib = (bytes, ms) => bytes / 1048576 / (ms / 1000);
const total = OBJECTS * SIZE;
const sum = (k) => rows.reduce((s, x) => s + x[k], 0);
const ratio = mib(total * ROUNDS, sum("nexusMs")) / mib(total * ROUNDS, sum("awsMs"));
const lines = [
  "",
  `### backup — ${new Date().toISOString().slice(0, 16)}Z`,
  "",
  `Command: \`npm run bench:backup -- ${ROUNDS}\` · machine: ${machine} · S3 server, app and AWS CLI on the same machine.`,
  `An S3 bucket of 1 GiB (${OBJECTS} objects of 4 MiB) copied into a fresh bucket: \`aws s3 sync s3://src s3://dst\` against POST /api/v1/backups (kind s3) timed until the backup's status is succeeded (job pickup included), interleaved, ${ROUNDS} rounds.`,
  "",
  "| round | aws s3 sync s | aws MiB/s | Nexus backup s | Nexus MiB/s |",
  "|---|---|---|---|---|",
  ...rows.map(
    (x) =>
      `| ${x.round} | ${(x.awsMs / 1000).toFixed(2)} | ${mib(total, x.awsMs).toFixed(0)} | ${(x.nexusMs / 1000).toFixed(2)} | ${mib(total, x.nexusMs).toFixed(0)} |`,
  ),
  "",
  `Throughput ratio Nexus / aws s3 sync over all rounds: **${(ratio * 100).toFixed(0)} %** (goal ≥ 80 %: ${ratio >= 0.8 ? "met" : "**not met**"}).`,
  "",
];
process.stdout.write(lines.join("\n"));
