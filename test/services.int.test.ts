import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";

// Started by scripts/test-env/*.sh (npm test does it); the env vars say where.
function need(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: start the test environment (see docs/test-environment.md)`);
  return v;
}

describe("S3-compatible server (moto, in MinIO's place)", () => {
  it("stores an object and gives it back byte for byte", () => {
    const endpoint = need("S3_ENDPOINT");
    const python = join(need("NEXUS_TEST_VENV"), "bin", "python");
    const bucket = `smoke-${randomUUID().slice(0, 8)}`;
    const script = `
import boto3, sys, hashlib
s3 = boto3.client("s3", endpoint_url=sys.argv[1], aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
s3.create_bucket(Bucket=sys.argv[2])
body = bytes(range(256)) * 4096
s3.put_object(Bucket=sys.argv[2], Key="bronze/part-0.bin", Body=body)
got = s3.get_object(Bucket=sys.argv[2], Key="bronze/part-0.bin")["Body"].read()
keys = [o["Key"] for o in s3.list_objects_v2(Bucket=sys.argv[2])["Contents"]]
print(len(got), hashlib.sha256(got).hexdigest() == hashlib.sha256(body).hexdigest(), ",".join(keys))
`;
    const out = execFileSync(python, ["-c", script, endpoint, bucket], { timeout: 30_000 }).toString().trim();
    expect(out).toBe(`${256 * 4096} True bronze/part-0.bin`);
  });
});

describe("Prometheus and the Pushgateway", () => {
  it("Prometheus scrapes a metric pushed to the Pushgateway", async () => {
    const push = need("PUSHGATEWAY_URL");
    const prom = need("PROMETHEUS_URL");
    const value = Math.floor(Math.random() * 1_000_000);
    const job = `smoke_${randomUUID().slice(0, 8)}`;
    const res = await fetch(`${push}/metrics/job/${job}/instance/test`, {
      method: "PUT",
      body: `# TYPE nexus_smoke_value gauge\nnexus_smoke_value{layer="bronze"} ${value}\n`,
    });
    expect(res.status).toBe(200);
    const until = Date.now() + 20_000;
    let seen: string | undefined;
    while (Date.now() < until && seen !== String(value)) {
      const q = await fetch(`${prom}/api/v1/query?query=${encodeURIComponent(`nexus_smoke_value{job="${job}"}`)}`);
      const body = (await q.json()) as { data: { result: { value: [number, string] }[] } };
      seen = body.data.result[0]?.value[1];
      if (seen !== String(value)) await sleep(250);
    }
    expect(seen).toBe(String(value));
  });
});

describe("ClickHouse", () => {
  it("answers /ping and stores and aggregates rows", async () => {
    const url = need("CLICKHOUSE_URL");
    expect(await (await fetch(`${url}/ping`)).text()).toBe("Ok.\n");
    const table = `smoke_${randomUUID().slice(0, 8)}`;
    const q = async (sql: string, body?: string) => {
      const res = await fetch(`${url}/?query=${encodeURIComponent(sql)}`, { method: "POST", body });
      const text = await res.text();
      if (!res.ok) throw new Error(`ClickHouse ${res.status}: ${text}`);
      return text;
    };
    await q(`CREATE TABLE ${table} (layer String, score Float64) ENGINE = MergeTree ORDER BY layer`);
    await q(`INSERT INTO ${table} FORMAT TabSeparated`, "bronze\t70\nsilver\t85\ngold\t95\nsilver\t75\n");
    expect(await q(`SELECT layer, avg(score) FROM ${table} GROUP BY layer ORDER BY layer FORMAT TabSeparated`)).toBe(
      "bronze\t70\ngold\t95\nsilver\t80\n",
    );
    await q(`DROP TABLE ${table}`);
  });
});

describe("Spark standalone clusters", () => {
  it.each([
    ["streaming", "SPARK_STREAMING_UI", "spark://127.0.0.1:17077"],
    ["batch", "SPARK_BATCH_UI", "spark://127.0.0.1:17078"],
  ])("the %s master's /json lists its alive worker", async (_name, env, url) => {
    const res = await fetch(`${need(env)}/json/`);
    const body = (await res.json()) as {
      url: string;
      aliveworkers: number;
      workers: { state: string; cores: number }[];
    };
    expect(body.url).toBe(url);
    expect(body.aliveworkers).toBeGreaterThanOrEqual(1);
    expect(body.workers.some((w) => w.state === "ALIVE" && w.cores >= 1)).toBe(true);
  });
});
