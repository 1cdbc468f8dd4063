import { S3ServiceException } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { DependencyUnavailableError, NotFoundError } from "../../errors.ts";
import { mapS3Error, type S3StoreConfig } from "./s3-store.ts";

const config: S3StoreConfig = {
  endpoint: "http://minio:9000",
  region: "us-east-1",
  credentials: null,
  bucket: "dead-letters",
  forcePathStyle: true,
  timeoutMs: 1000,
};
const s3Error = (name: string, status: number) =>
  new S3ServiceException({ name, $fault: "client", $metadata: { httpStatusCode: status }, message: name });

describe("mapS3Error", () => {
  it("turns a missing bucket into a 404 naming the bucket and the endpoint", () => {
    const e = mapS3Error(config, s3Error("NoSuchBucket", 404));
    expect(e).toBeInstanceOf(NotFoundError);
    expect(e.message).toBe("bucket dead-letters at http://minio:9000 does not exist");
  });

  it("turns a missing key into a 404 naming the object", () => {
    expect(mapS3Error(config, s3Error("NoSuchKey", 404), "dlq/a/x.jsonl").message).toBe(
      "s3://dead-letters/dlq/a/x.jsonl does not exist",
    );
  });

  it("turns a refusal (403) into a 503 naming the bucket, never a 500", () => {
    for (const name of ["AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"]) {
      const e = mapS3Error(config, s3Error(name, 403));
      expect(e).toBeInstanceOf(DependencyUnavailableError);
      expect(e.message).toBe(`s3 is unavailable: bucket dead-letters at http://minio:9000 refused access (${name})`);
    }
  });

  it("turns a timeout and a connection failure into a 503 naming the bucket", () => {
    const t = mapS3Error(config, new DOMException("timeout", "TimeoutError"));
    expect(t.message).toBe("s3 is unavailable: bucket dead-letters at http://minio:9000 did not answer within 1000 ms");
    const c = mapS3Error(
      { ...config, endpoint: null },
      Object.assign(new Error("connect ECONNREFUSED"), { name: "Error" }),
    );
    expect(c).toBeInstanceOf(DependencyUnavailableError);
    expect(c.message).toContain("bucket dead-letters in us-east-1: connect ECONNREFUSED");
  });
});
