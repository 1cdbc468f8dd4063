import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBucket, putLines, s3Endpoint, testS3Client } from "../../../test/s3-dlq-seed.ts";
import { DependencyUnavailableError, NotFoundError } from "../../errors.ts";
import { S3Store } from "./s3-store.ts";

describe("S3Store against the S3 server (moto)", () => {
  const bucket = `nexus-store-${randomUUID().slice(0, 8)}`;
  const config = {
    endpoint: s3Endpoint(),
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    bucket,
    forcePathStyle: true,
    timeoutMs: 3000,
  };
  const store = new S3Store(config);
  beforeAll(async () => {
    const c = testS3Client();
    await ensureBucket(c, bucket);
    // 1,100 keys: more than one listing page (1,000).
    await Promise.all(
      Array.from({ length: 1100 }, (_, i) => putLines(c, bucket, `many/${String(i).padStart(4, "0")}.jsonl`, "{}\n")),
    );
    await putLines(c, bucket, "gz/a.jsonl.gz", "line 1\nline 2\n");
    c.destroy();
  }, 120_000);
  afterAll(() => store.close());

  it("lists every object under a prefix in key order across pages, and stops at max", async () => {
    const all = await store.list("many/", { max: 5000 });
    expect(all.objects).toHaveLength(1100);
    expect(all.objects.at(-1)!.key).toBe("many/1099.jsonl");
    expect(all.truncated).toBe(false);
    expect((await store.list("many/", { max: 10 })).truncated).toBe(true);
  });

  it("reads a .gz object gunzipped and writes an object", async () => {
    expect(await new Response((await store.open("gz/a.jsonl.gz")) as never).text()).toBe("line 1\nline 2\n");
    await store.put("out/x.jsonl", Buffer.from("{}\n"), "application/x-ndjson");
    expect(await new Response((await store.open("out/x.jsonl")) as never).text()).toBe("{}\n");
  });

  it("names the bucket in a 404 for a missing bucket or key and a 503 for an endpoint that does not answer", async () => {
    await expect(store.open("gz/none.jsonl")).rejects.toThrow(`s3://${bucket}/gz/none.jsonl does not exist`);
    const missing = new S3Store({ ...config, bucket: `${bucket}-missing` });
    await expect(missing.list("", { max: 1 })).rejects.toThrow(NotFoundError);
    const down = new S3Store({ ...config, endpoint: "http://127.0.0.1:4139", timeoutMs: 1000 });
    await expect(down.list("", { max: 1 })).rejects.toThrow(DependencyUnavailableError);
    missing.close();
    down.close();
  });
});
