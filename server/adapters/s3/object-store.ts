import "server-only";
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectsCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { DependencyUnavailableError, NotFoundError } from "../../errors.ts";

export type ObjectStoreConfig = {
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  timeoutMs: number;
};

export type StoredObject = { key: string; size: number; etag: string };

/** The few S3 calls backups need; every call bounded by the configured deadline and the caller's signal. */
export type ObjectStore = {
  /** One page of at most 1,000 objects under `prefix`, in key order; `next` continues the listing. */
  list(
    bucket: string,
    prefix: string,
    next?: string,
    signal?: AbortSignal,
  ): Promise<{ objects: StoredObject[]; next?: string }>;
  /** Server-side copy (objects up to 5 GiB, S3's limit for one CopyObject). */
  copy(from: { bucket: string; key: string }, to: { bucket: string; key: string }, signal?: AbortSignal): Promise<void>;
  remove(bucket: string, keys: string[], signal?: AbortSignal): Promise<void>;
  /** Creates the bucket when it does not exist yet. */
  ensureBucket(bucket: string, signal?: AbortSignal): Promise<void>;
  bucketExists(bucket: string, signal?: AbortSignal): Promise<boolean>;
};

type Send = <T>(what: string, fn: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal) => Promise<T>;

/** Built once at start; without NEXUS_S3_ENDPOINT every call answers 503 naming the variable. */
export function createObjectStore(cfg: ObjectStoreConfig): ObjectStore {
  if (!cfg.endpoint) return unconfigured();
  const endpoint = cfg.endpoint;
  const client = new S3Client({
    endpoint,
    region: cfg.region,
    forcePathStyle: true, // MinIO and moto serve buckets as paths, not as host names
    credentials:
      cfg.accessKeyId && cfg.secretAccessKey
        ? { accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey }
        : { accessKeyId: "anonymous", secretAccessKey: "anonymous" },
    maxAttempts: 3,
  });
  const send: Send = async (what, fn, signal) => {
    const deadline = AbortSignal.timeout(cfg.timeoutMs);
    try {
      return await fn(signal ? AbortSignal.any([signal, deadline]) : deadline);
    } catch (e) {
      throw mapError(e, what, endpoint);
    }
  };
  const bucketExists = (bucket: string, signal?: AbortSignal) => headBucket(client, send, bucket, signal);
  return {
    list: (bucket, prefix, next, signal) => listPage(client, send, { bucket, prefix, next }, signal),
    copy: (from, to, signal) =>
      send(
        `copy s3://${from.bucket}/${from.key}`,
        async (abortSignal) =>
          void (await client.send(
            new CopyObjectCommand({ Bucket: to.bucket, Key: to.key, CopySource: copySource(from) }),
            { abortSignal },
          )),
        signal,
      ),
    remove: (bucket, keys, signal) => removeKeys(client, send, bucket, keys, signal),
    bucketExists,
    async ensureBucket(bucket, signal) {
      if (await bucketExists(bucket, signal)) return;
      await send(
        `create bucket ${bucket}`,
        (abortSignal) => client.send(new CreateBucketCommand({ Bucket: bucket }), { abortSignal }),
        signal,
      );
    },
  };
}

/** `bucket/key` with the key URL-encoded except its slashes, as CopyObject wants it. */
const copySource = (o: { bucket: string; key: string }) =>
  `${o.bucket}/${encodeURIComponent(o.key).replace(/%2F/g, "/")}`;

async function listPage(
  client: S3Client,
  send: Send,
  at: { bucket: string; prefix: string; next?: string },
  signal?: AbortSignal,
): Promise<{ objects: StoredObject[]; next?: string }> {
  const out = await send(
    `list s3://${at.bucket}/${at.prefix}`,
    (abortSignal) =>
      client.send(
        new ListObjectsV2Command({ Bucket: at.bucket, Prefix: at.prefix || undefined, ContinuationToken: at.next }),
        { abortSignal },
      ),
    signal,
  );
  return {
    objects: (out.Contents ?? []).map((o) => ({ key: o.Key ?? "", size: o.Size ?? 0, etag: o.ETag ?? "" })),
    next: out.IsTruncated ? out.NextContinuationToken : undefined,
  };
}

async function removeKeys(client: S3Client, send: Send, bucket: string, keys: string[], signal?: AbortSignal) {
  for (let i = 0; i < keys.length; i += 1000) {
    const chunk = keys.slice(i, i + 1000).map((Key) => ({ Key }));
    await send(
      `delete from s3://${bucket}`,
      (abortSignal) =>
        client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: chunk, Quiet: true } }), {
          abortSignal,
        }),
      signal,
    );
  }
}

async function headBucket(client: S3Client, send: Send, bucket: string, signal?: AbortSignal): Promise<boolean> {
  try {
    await send(
      `bucket ${bucket}`,
      (abortSignal) => client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal }),
      signal,
    );
    return true;
  } catch (e) {
    if (e instanceof NotFoundError) return false;
    throw e;
  }
}

function mapError(e: unknown, what: string, endpoint: string): Error {
  if (e instanceof S3ServiceException) {
    const status = e.$metadata.httpStatusCode;
    if (status === 404 || e.name === "NoSuchBucket" || e.name === "NotFound")
      return new NotFoundError(`${what}: no such bucket or object`);
    if (status === 403 || e.name === "AccessDenied")
      return new DependencyUnavailableError("s3", `${what}: access denied`, { cause: e });
    return new DependencyUnavailableError("s3", `${what}: ${e.name}`, { cause: e });
  }
  if (e instanceof Error && (e.name === "AbortError" || e.name === "TimeoutError"))
    return new DependencyUnavailableError("s3", `${what}: no answer from ${endpoint} in time`, { cause: e });
  return new DependencyUnavailableError("s3", `${what}: ${endpoint} did not answer`, { cause: e });
}

function unconfigured(): ObjectStore {
  const fail = async (): Promise<never> => {
    throw new DependencyUnavailableError("s3", "NEXUS_S3_ENDPOINT is not set");
  };
  return { list: fail, copy: fail, remove: fail, ensureBucket: fail, bucketExists: fail };
}
