import "server-only";
import { createGunzip } from "node:zlib";
import { Readable } from "node:stream";
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { DependencyUnavailableError, NotFoundError } from "../../errors.ts";

export type S3StoreConfig = {
  /** Null: the AWS endpoint of the region. */
  endpoint: string | null;
  region: string;
  /** Null: the SDK's default credential chain (environment, profile, instance role). */
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
  bucket: string;
  /** MinIO and moto serve buckets as paths, not as subdomains. */
  forcePathStyle: boolean;
  timeoutMs: number;
};

export type S3Object = { key: string; size: number; lastModified: Date | null; etag: string | null };

/** What the bucket and its endpoint are called in errors: the user needs both to fix either. */
function where(c: S3StoreConfig): string {
  return `bucket ${c.bucket}${c.endpoint ? ` at ${c.endpoint}` : ` in ${c.region}`}`;
}

/**
 * Library failures as our errors, naming the bucket: a missing bucket or key is a 404, a refusal (403: wrong
 * credentials, a policy) and an endpoint that does not answer are 503. Nothing an S3 server says becomes a 500.
 */
export function mapS3Error(c: S3StoreConfig, e: unknown, key?: string): Error {
  if (e instanceof NotFoundError || e instanceof DependencyUnavailableError) return e;
  const name = e instanceof Error ? e.name : "";
  const status = e instanceof S3ServiceException ? e.$metadata.httpStatusCode : undefined;
  if (name === "NoSuchBucket") return new NotFoundError(`${where(c)} does not exist`);
  if (name === "NoSuchKey" || (status === 404 && key))
    return new NotFoundError(`s3://${c.bucket}/${key} does not exist`);
  if (status === 404) return new NotFoundError(`${where(c)} does not exist`);
  if (status === 401 || status === 403 || /AccessDenied|InvalidAccessKeyId|SignatureDoesNotMatch/.test(name))
    return new DependencyUnavailableError("s3", `${where(c)} refused access (${name || status})`, { cause: e });
  if (name === "AbortError" || name === "TimeoutError")
    return new DependencyUnavailableError("s3", `${where(c)} did not answer within ${c.timeoutMs} ms`, { cause: e });
  const why = e instanceof Error ? e.message.slice(0, 200) : String(e);
  return new DependencyUnavailableError("s3", `${where(c)}: ${why}`, { cause: e });
}

/** The one S3 client of the app: bounded calls on one bucket, failures mapped to our errors. */
export class S3Store {
  readonly #client: S3Client;
  constructor(readonly config: S3StoreConfig) {
    this.#client = new S3Client({
      region: config.region,
      endpoint: config.endpoint ?? undefined,
      forcePathStyle: config.forcePathStyle,
      credentials: config.credentials ?? undefined,
      maxAttempts: 2,
    });
  }

  get bucket(): string {
    return this.config.bucket;
  }

  /** The deadline covers the answer's start only: a body is then read at the caller's pace. */
  async #send<T>(run: (signal: AbortSignal) => Promise<T>, key?: string): Promise<T> {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(new DOMException("timeout", "TimeoutError")), this.config.timeoutMs);
    try {
      return await run(ctl.signal);
    } catch (e) {
      throw mapS3Error(this.config, ctl.signal.aborted ? ctl.signal.reason : e, key);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Every object under a prefix, in key order (S3 lists keys in UTF-8 byte order), at most `max`. */
  async list(prefix: string, opts: { max: number }): Promise<{ objects: S3Object[]; truncated: boolean }> {
    const objects: S3Object[] = [];
    let token: string | undefined;
    do {
      const res = await this.#send((abortSignal) =>
        this.#client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }), {
          abortSignal,
        }),
      );
      for (const o of res.Contents ?? []) {
        if (!o.Key) continue;
        if (objects.length >= opts.max) return { objects, truncated: true };
        objects.push({
          key: o.Key,
          size: o.Size ?? 0,
          lastModified: o.LastModified ?? null,
          etag: o.ETag ?? null,
        });
      }
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (token);
    return { objects, truncated: false };
  }

  /**
   * An object's bytes as a stream, gunzipped when its key ends in .gz; the caller destroys it when it stops.
   */
  async open(key: string): Promise<Readable> {
    const res = await this.#send(
      (abortSignal) => this.#client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal }),
      key,
    );
    const body = res.Body;
    if (!(body instanceof Readable)) throw mapS3Error(this.config, new Error("the object has no body"), key);
    if (!key.endsWith(".gz")) return body;
    const gunzip = createGunzip();
    body.on("error", (e) => gunzip.destroy(e));
    gunzip.on("close", () => body.destroy());
    return body.pipe(gunzip);
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.#send(
      (abortSignal) =>
        this.#client.send(
          new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
          { abortSignal },
        ),
      key,
    );
  }

  close(): void {
    this.#client.destroy();
  }
}
