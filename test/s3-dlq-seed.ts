import { gzipSync } from "node:zlib";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";

/**
 * Seeds S3 dead letters in the layout of docs/dlq-s3.md for the tests (int, e2e, bench): one seed envelope per line
 * (contracts.md 2.2: DLQHandler's format), plain or gzip. Credentials: any (moto accepts all).
 */
export const s3Endpoint = () => {
  const e = process.env.S3_ENDPOINT;
  if (!e) throw new Error("S3_ENDPOINT is not set: run `bash scripts/test-env/s3.sh up` (npm test starts it)");
  return e;
};

export function testS3Client(endpoint = s3Endpoint()): S3Client {
  return new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
}

export type Envelope = {
  original_message: unknown;
  error: { type: string; message: string; traceback: string };
  source: string;
  timestamp: string;
  retry_count: number;
  metadata: Record<string, unknown>;
};

/** The i-th envelope of a batch job's processing error, as the seed's DLQHandler writes it. */
export function envelope(
  i: number,
  o: { errorType?: string; message?: string; source?: string; day?: string } = {},
): Envelope {
  const day = o.day ?? "2026-11-30";
  return {
    original_message: {
      event_id: `evt_${String(i).padStart(10, "0")}`,
      user_id: i + 1,
      action: "view",
      tour_id: `t-${i}`,
    },
    error: { type: o.errorType ?? "ValueError", message: o.message ?? `Null user_id in row ${i}`, traceback: "None" },
    source: o.source ?? "app_events",
    timestamp: `${day}T10:${String(Math.floor(i / 60) % 60).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}.000000`,
    retry_count: 1,
    metadata: { processing_step: "bronze_to_silver" },
  };
}

export const jsonl = (lines: unknown[]) =>
  lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n") + "\n";

export async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (e) {
    if (!/BucketAlreadyOwnedByYou|BucketAlreadyExists/.test((e as Error).name)) throw e;
  }
}

/** Writes one object; a key ending in .gz is gzipped. */
export async function putLines(s3: S3Client, bucket: string, key: string, body: string): Promise<void> {
  const bytes = key.endsWith(".gz") ? gzipSync(body) : Buffer.from(body);
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }));
}
