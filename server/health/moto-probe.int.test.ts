import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TemplateMeta } from "../stack/contract.ts";
import { httpGet } from "../adapters/probe/index.ts";
import { PROBES } from "./probes.ts";

const endpoint = process.env.S3_ENDPOINT ?? "";
const REPO = join(import.meta.dirname, "../..");

describe("nexus-local's S3 (moto) probe against the real moto test service", () => {
  it("probes what the service is: a 2xx answer from moto, never MinIO's health path", async () => {
    if (!endpoint) throw new Error("source the test environment's env.sh first: S3_ENDPOINT is missing");
    const meta = TemplateMeta.parse(
      JSON.parse(readFileSync(join(REPO, "compose-templates/nexus-local/template.json"), "utf8")),
    );
    const probe = meta.services.s3!.probe!;
    expect(probe.kind).toBe("moto");
    const r = await PROBES[probe.kind]!(endpoint, 3000);
    expect(r).toMatchObject({ status: "up" });
    expect(r.detail).toMatch(/^moto S3 answers ListBuckets/);
    expect((await httpGet(`${endpoint}/`, 3000)).status).toBe(200);
  });
});
