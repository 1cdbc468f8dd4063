import { expect, test, type APIRequestContext } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { S3Client } from "@aws-sdk/client-s3";
import { Admin } from "@platformatic/kafka";
import { signedIn, withToken } from "../fixtures/api";
import { E2E_S3_BUCKET, readObject, removeS3DlqType, seedS3DlqType } from "../fixtures/s3-dlq";
import { startServer, waitReady, type ServerProcess } from "../fixtures/server";

const bootstrap = process.env.KAFKA_BOOTSTRAP ?? "";
const s3Endpoint = process.env.S3_ENDPOINT ?? "";
const id = randomUUID().slice(0, 8);
const target = `s3replay_${id}_events`;

/** The target topic read back (read_committed): value and headers of each record. */
function readTopic(topic: string): { payload: string; headers: string[] }[] {
  const out = execFileSync(
    "kcat",
    [
      "-b",
      bootstrap.split(",")[0]!,
      "-C",
      "-t",
      topic,
      "-o",
      "beginning",
      "-e",
      "-q",
      "-J",
      "-X",
      "isolation.level=read_committed",
    ],
    { encoding: "utf8", timeout: 30_000 },
  );
  return out
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { payload: string; headers: string[] });
}

test.describe("S3 dead letters over the API", () => {
  test.skip(Boolean(process.env.E2E_PG_URL), "runs once, on the embedded database");
  let api: APIRequestContext;
  let s3: S3Client;
  let prefix: string;
  let type: string;

  test.beforeAll(async () => {
    if (!bootstrap || !s3Endpoint) throw new Error("needs KAFKA_BOOTSTRAP and S3_ENDPOINT (npm test starts them)");
    ({ s3, prefix, type } = await seedS3DlqType(id));
    const admin = new Admin({ clientId: "e2e-s3-dlq", bootstrapBrokers: bootstrap.split(",") });
    await admin.createTopics({ topics: [target], partitions: 1, replicas: 3 });
    await admin.close();
    api = await signedIn();
  });
  test.afterAll(async () => {
    const admin = new Admin({ clientId: "e2e-s3-dlq", bootstrapBrokers: bootstrap.split(",") });
    await admin.deleteTopics({ topics: [target] }).catch(() => undefined);
    await admin.close();
    if (s3) await removeS3DlqType(s3, type).catch(() => undefined);
    s3?.destroy();
  });

  test("lists the dlq type and its date with object counts and sizes", async () => {
    const r = await api.get("/api/v1/dlq/s3/prefixes");
    expect(r.status()).toBe(200);
    const body = (await r.json()) as {
      bucket: string;
      types: { dlqType: string; objects: number; dates: unknown[] }[];
    };
    expect(body.bucket).toBe(E2E_S3_BUCKET);
    const mine = body.types.find((t) => t.dlqType === type)!;
    expect(mine).toMatchObject({
      objects: 2,
      dates: [expect.objectContaining({ date: "2026-11-30", prefix, objects: 2 })],
    });
  });

  test("pages through plain and gzipped objects with a stable cursor, and audits the content read", async () => {
    const sizes: number[] = [];
    const classes: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await api.get("/api/v1/dlq/s3/records", {
        params: { prefix, limit: 4, ...(cursor ? { cursor } : {}) },
      });
      expect(r.status()).toBe(200);
      const page = (await r.json()) as {
        messages: { error: { errorClass: string; format: string } }[];
        next: string | null;
      };
      sizes.push(page.messages.length);
      classes.push(...page.messages.map((m) => `${m.error.format}:${m.error.errorClass}`));
      cursor = page.next;
    } while (cursor);
    expect(sizes).toEqual([4, 4, 2]);
    expect(classes.slice(0, 1)).toEqual(["seed:ValueError"]);
    expect(classes.at(-1)).toBe("seed:TypeError");
    const audit = await api.get("/api/v1/audit", { params: { action: "dlq.messages.read", limit: 5 } });
    const events = (await audit.json()) as { events: { target: string }[] };
    expect(events.events.map((e) => e.target)).toContain(`s3:${E2E_S3_BUCKET}/${prefix}`);
  });

  test("groups by error class and exports JSON lines and CSV", async () => {
    const g = await (await api.get("/api/v1/dlq/s3/groups", { params: { prefix } })).json();
    expect(g.groups.map((x: { value: string; count: number }) => [x.value, x.count])).toEqual([
      ["ValueError", 4],
      ["TypeError", 4],
      ["KeyError", 2],
    ]);
    const jsonl = await api.get("/api/v1/dlq/s3/export", { params: { prefix, format: "jsonl" } });
    expect(jsonl.headers()["content-type"]).toContain("application/x-ndjson");
    const lines = (await jsonl.text()).trim().split("\n");
    expect(lines).toHaveLength(10);
    expect(JSON.parse(lines[9]!).object).toBe(`${prefix}part-0001.jsonl.gz`);
    const csv = await api.get("/api/v1/dlq/s3/export", { params: { prefix, format: "csv", errorClass: "KeyError" } });
    expect((await csv.text()).trim().split("\n")).toHaveLength(3);
  });

  test("dry-runs, then replays into a real Kafka topic: the original message, provenance headers, journal", async () => {
    const req = { prefix, filter: { errorClass: "TypeError" }, targetTopic: target, ratePerSecond: 50 };
    const dry = await api.post("/api/v1/dlq/s3/replays", { data: { ...req, dryRun: true } });
    expect(dry.status()).toBe(200);
    expect((await dry.json()).plan).toMatchObject({ ok: true, total: 4, scanned: 10 });
    expect(readTopic(target)).toEqual([]); // a dry run sends nothing
    const run = await api.post("/api/v1/dlq/s3/replays", { data: req });
    expect(run.status()).toBe(202);
    const { replay } = (await run.json()) as { replay: { id: string } };
    let state = "";
    for (let i = 0; i < 150 && !["succeeded", "failed"].includes(state); i++) {
      await sleep(200);
      state = (await (await api.get(`/api/v1/dlq/replays/${replay.id}`)).json()).state;
    }
    expect(state).toBe("succeeded");
    const back = readTopic(target);
    expect(back.map((m) => JSON.parse(m.payload).event_id)).toEqual([
      "evt_0000000006",
      "evt_0000000007",
      "evt_0000000008",
      "evt_0000000009",
    ]);
    expect(JSON.parse(back[0]!.payload).retry_count).toBe(2); // as the seed's retry_from_dlq counts a pass
    const h = back[0]!.headers;
    expect(h).toEqual(
      expect.arrayContaining([
        "nexus-replay-id",
        replay.id,
        "nexus-replay-source-topic",
        `s3://${E2E_S3_BUCKET}/${prefix}`,
      ]),
    );
    expect(h).toEqual(expect.arrayContaining(["nexus-replay-source-object", `${prefix}part-0001.jsonl.gz`]));
    const journal = await (await api.get(`/api/v1/dlq/replays/${replay.id}/journal`)).json();
    expect(journal.total).toBe(4);
  });

  test("copies selected records to the reprocess prefix, after a dry run", async () => {
    const data = {
      prefix,
      messages: [
        { partition: 0, offset: "4" },
        { partition: 0, offset: "5" },
      ],
    };
    const dry = await (await api.post("/api/v1/dlq/s3/copies", { data: { ...data, dryRun: true } })).json();
    expect(dry).toMatchObject({ dryRun: true, records: 2 });
    const r = await api.post("/api/v1/dlq/s3/copies", { data });
    expect(r.status()).toBe(200);
    const done = (await r.json()) as { target: string; records: number };
    expect(done.target).toMatch(
      new RegExp(`^s3://${E2E_S3_BUCKET}/reprocess/${type}/date=\\d{4}-\\d{2}-\\d{2}/nexus-`),
    );
    const body = await readObject(s3, done.target.slice(`s3://${E2E_S3_BUCKET}/`.length));
    expect(
      body
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).error.type),
    ).toEqual(["KeyError", "KeyError"]);
  });

  test("refuses hostile prefixes and cursors with 400, names a prefix without objects in a 404", async () => {
    for (const bad of [
      "dlq/../etc/",
      "dlq/a\u0000b/",
      `dlq/${"x".repeat(5000)}/`,
      "reprocess/x/",
      "dlq/UPPER/",
      "dlq/a/b/",
    ]) {
      const r = await api.get("/api/v1/dlq/s3/records", { params: { prefix: bad } });
      expect(r.status(), bad.slice(0, 20)).toBe(400);
      expect(r.headers()["content-type"]).toContain("application/problem+json");
    }
    expect((await api.get("/api/v1/dlq/s3/records", { params: { prefix, cursor: "%%%" } })).status()).toBe(400);
    const bad = await api.post("/api/v1/dlq/s3/copies", { data: { prefix: "dlq/../", filter: {} } });
    expect(bad.status()).toBe(400);
    const none = await api.get("/api/v1/dlq/s3/records", { params: { prefix: `dlq/none_${id}/` } });
    expect(none.status()).toBe(404);
    expect((await none.json()).detail).toContain(`s3://${E2E_S3_BUCKET}/dlq/none_${id}/`);
  });

  test("keeps the Kafka DLQ's roles: a viewer browses but may not replay or copy", async () => {
    const viewer = await withToken(api, "viewer", `e2e-s3-viewer-${id}`);
    expect((await viewer.ctx.get("/api/v1/dlq/s3/records", { params: { prefix } })).status()).toBe(200);
    expect(
      (await viewer.ctx.post("/api/v1/dlq/s3/replays", { data: { prefix, filter: {}, dryRun: true } })).status(),
    ).toBe(403);
    expect((await viewer.ctx.post("/api/v1/dlq/s3/copies", { data: { prefix, filter: {} } })).status()).toBe(403);
    await viewer.ctx.dispose();
  });
});

test.describe("S3 dead letters: a bucket that is missing or an endpoint that does not answer", () => {
  test.skip(Boolean(process.env.E2E_PG_URL), "runs once, on the embedded database");
  const servers: ServerProcess[] = [];
  test.afterAll(() => {
    for (const s of servers) s.proc.kill("SIGTERM");
  });

  test("answers 404 naming a missing bucket and 503 naming an unreachable endpoint, never 500", async () => {
    test.setTimeout(120_000);
    const common = {
      NEXUS_S3_ACCESS_KEY_ID: "test",
      NEXUS_S3_SECRET_ACCESS_KEY: "test",
      NEXUS_ADMIN_PASSWORD: "s3-errors-password",
    };
    const missing = startServer({
      port: 4121,
      env: { ...common, NEXUS_S3_ENDPOINT: s3Endpoint, NEXUS_S3_DLQ_BUCKET: `nexus-missing-${id}` },
    });
    const down = startServer({
      port: 4122,
      env: {
        ...common,
        NEXUS_S3_ENDPOINT: "http://127.0.0.1:4139",
        NEXUS_S3_DLQ_BUCKET: "nexus-e2e-dlq",
        NEXUS_S3_TIMEOUT_MS: "1000",
      },
    });
    servers.push(missing, down);
    await Promise.all([waitReady(missing.url), waitReady(down.url)]);
    for (const [srv, status, text] of [
      [missing, 404, `bucket nexus-missing-${id} at ${s3Endpoint} does not exist`],
      [down, 503, "bucket nexus-e2e-dlq at http://127.0.0.1:4139"],
    ] as const) {
      const api = await signedIn("admin", "s3-errors-password", srv.url);
      for (const path of ["/api/v1/dlq/s3/prefixes", "/api/v1/dlq/s3/records?prefix=dlq/processing/"]) {
        const r = await api.get(path);
        expect(r.status(), path).toBe(status);
        expect(r.headers()["content-type"]).toContain("application/problem+json");
        expect((await r.json()).detail).toContain(text);
      }
      await api.dispose();
    }
  });
});
