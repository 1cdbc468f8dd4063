import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand, GetObjectCommand, S3Client, DeleteObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/databases.ts";
import type { DbHandle } from "../adapters/db/index.ts";
import { createContainerEngine, createContainerExec } from "../adapters/docker/index.ts";
import { createObjectStore } from "../adapters/s3/index.ts";
import { dumpCatalog, planCatalogRestore, restoreCatalog } from "./catalog-postgres.ts";
import { dumpControlPlane, planControlPlaneRestore, restoreControlPlane } from "./control-plane.ts";
import { ValidationError } from "../errors.ts";
import { createBackupJob } from "./backup-jobs.ts";
import { submitBackup } from "./backups.ts";
import type { BackupDeps } from "./deps.ts";
import { createSchedule, createScheduleJob } from "./schedules.ts";
import { listAll, mirror } from "./s3-mirror.ts";

const dir = mkdtempSync(join(tmpdir(), "nexus-backup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const never = new AbortController().signal;

describe.each(testDatabases())("control-plane backup on $name", (tdb) => {
  let db: DbHandle;
  beforeAll(async () => {
    db = await tdb.open();
  });
  afterAll(() => db.close());

  it("restores the rows of the backup and drops the ones added since", async () => {
    await db.prisma.user.create({ data: { id: "u-keep", username: "keep", passwordHash: "x", role: "viewer" } });
    const file = join(dir, `cp-${tdb.name}.jsonl.gz`);
    const { rows } = await dumpControlPlane(db, file);
    expect(rows).toBeGreaterThan(0);
    await db.prisma.user.update({ where: { id: "u-keep" }, data: { role: "admin" } });
    await db.prisma.user.create({ data: { id: "u-new", username: "new", passwordHash: "x", role: "viewer" } });
    const plan = await planControlPlaneRestore(db, file);
    expect(plan.find((i) => i.name === "public.User")).toMatchObject({
      action: "overwrite",
      rowsNow: 2,
      rowsInBackup: 1,
    });
    await restoreControlPlane(db, file);
    const users = await db.prisma.user.findMany({ orderBy: { id: "asc" } });
    expect(users.map((u) => [u.id, u.role])).toEqual([["u-keep", "viewer"]]);
  });
});

describe("S3 bucket mirror", () => {
  const endpoint = process.env.S3_ENDPOINT;
  if (!endpoint) throw new Error("S3_ENDPOINT is not set: start the test S3 server (scripts/test-env/s3.sh)");
  const store = createObjectStore({ endpoint, region: "us-east-1", timeoutMs: 10_000 });
  const s3 = new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "t", secretAccessKey: "t" },
  });
  const bucket = `gold-int-${Date.now()}`;
  const put = (key: string, body: string) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  const get = async (key: string) =>
    (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })).then((r) => r.Body?.transformToString())) ?? "";

  it("mirrors a bucket, skips what is already there and writes it back after a loss", async () => {
    await store.ensureBucket(bucket);
    await Promise.all(Array.from({ length: 30 }, (_, i) => put(`daily/part-${i}.json`, `{"n":${i}}`)));
    const from = { bucket, prefix: "daily/" };
    const to = { bucket: `${bucket}-backup`, prefix: "snap/" };
    expect(await mirror({ store, from, to })).toMatchObject({ objects: 30, copied: 30 });
    expect(await mirror({ store, from, to })).toMatchObject({ copied: 0, unchanged: 30 });
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "daily/part-3.json" }));
    await put("daily/part-4.json", "damaged");
    expect(await mirror({ store, from: to, to: from })).toMatchObject({ copied: 2, unchanged: 28 });
    expect(await get("daily/part-3.json")).toBe('{"n":3}');
    expect(await get("daily/part-4.json")).toBe('{"n":4}');
    expect((await listAll(store, to)).size).toBe(30);
  });

  it("resumes a mirror cut off by a restart with only the objects still missing", async () => {
    const src = `${bucket}-r`;
    await store.ensureBucket(src);
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => s3.send(new PutObjectCommand({ Bucket: src, Key: `p-${i}`, Body: `${i}` }))),
    );
    const from = { bucket: src, prefix: "" };
    const to = { bucket: `${src}-backup`, prefix: "" };
    // The process dies after 12 copies: the copies it had started finish, no new one starts.
    let copies = 0;
    const cut: typeof store = {
      ...store,
      copy: async (a, b, signal) => {
        if (++copies > 12) throw new Error("killed");
        return store.copy(a, b, signal);
      },
    };
    await expect(mirror({ store: cut, from, to })).rejects.toThrow("killed");
    await new Promise((r) => setTimeout(r, 500));
    const resumed = await mirror({ store, from, to });
    expect(resumed).toMatchObject({ copied: 18, unchanged: 12 });
  });

  it("records a cancelled backup job as cancelled, with what stopped it", async () => {
    const db = await testDatabases()[0]!.open();
    try {
      const src = `${bucket}-c`;
      await store.ensureBucket(src);
      await s3.send(new PutObjectCommand({ Bucket: src, Key: "a", Body: "a" }));
      const ac = new AbortController();
      const slow: typeof store = { ...store, copy: async () => ac.abort(new Error("cancelled by a user")) };
      await s3.send(new PutObjectCommand({ Bucket: src, Key: "b", Body: "b" }));
      const deps = { db, store: slow, backupDir: dir } as unknown as BackupDeps;
      const source = { kind: "s3" as const, bucket: src, prefix: "", targetBucket: `${src}-b`, targetPrefix: "" };
      const b = await submitBackup(deps, { source, createdBy: "u" });
      const job = createBackupJob(deps);
      const ctx = { db: db.prisma, payload: { backupId: b.id }, signal: ac.signal, progress: async () => undefined };
      await expect(job.run(ctx as unknown as Parameters<typeof job.run>[0])).rejects.toThrow();
      expect(await db.prisma.backup.findUniqueOrThrow({ where: { id: b.id } })).toMatchObject({ status: "cancelled" });
    } finally {
      await db.close();
    }
  });

  it("says which bucket is missing", async () => {
    await expect(store.list("no-such-bucket-here", "")).rejects.toThrow(/no such bucket/);
  });
});

describe("catalog PostgreSQL in its container", () => {
  const engine = createContainerEngine({ socketPath: process.env.DOCKER_SOCKET });
  const exec = createContainerExec({ socketPath: process.env.DOCKER_SOCKET });
  const stack = `backup-int-${process.pid}`;
  const src = { stack, service: "postgres" };
  let id = "";
  const psql = (sql: string) =>
    execFileSync("docker", ["exec", id, "psql", "-h", "/tmp", "-U", "admin", "-d", "catalog", "-XAtc", sql], {
      stdio: ["ignore", "pipe", "ignore"],
    })
      .toString()
      .trim();
  beforeAll(async () => {
    id = execFileSync("docker", [
      ...[
        "run",
        "-d",
        "--label",
        `com.docker.compose.project=${stack}`,
        "--label",
        "com.docker.compose.service=postgres",
      ],
      ...[
        "-e",
        "POSTGRES_USER=admin",
        "-e",
        "POSTGRES_PASSWORD=admin123",
        "-e",
        "POSTGRES_DB=catalog",
        "nexus/postgres:15",
      ],
    ])
      .toString()
      .trim();
    for (let i = 0; i < 60; i++) {
      try {
        psql("select 1");
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  });
  afterAll(() => {
    if (id) execFileSync("docker", ["rm", "-f", id]);
  });

  it("dumps with pg_dump in the container and restores a dropped table with pg_restore", async () => {
    psql(
      "create table iceberg_tables (name text primary key, loc text); insert into iceberg_tables values ('a','s3://a'),('b','s3://b')",
    );
    const file = join(dir, "catalog.dump");
    expect(await dumpCatalog({ engine, exec }, src, file, never)).toBeGreaterThan(100);
    psql("drop table iceberg_tables; create table other (x int)");
    const plan = await planCatalogRestore({ engine, exec }, src, file, never);
    expect(plan).toContainEqual(expect.objectContaining({ name: "public.iceberg_tables", action: "create" }));
    expect(plan).toContainEqual(expect.objectContaining({ name: "public.other", action: "untouched" }));
    await restoreCatalog({ engine, exec }, src, file, never);
    expect(psql("select string_agg(name||'='||loc, ',' order by name) from iceberg_tables")).toBe("a=s3://a,b=s3://b");
  });
});

describe.each(testDatabases())("backup schedules on $name", (tdb) => {
  let db: DbHandle;
  beforeAll(async () => {
    db = await tdb.open();
  });
  afterAll(() => db.close());

  it("refuses a bad or too frequent cron, and queues a due schedule's backup and its own next wake-up", async () => {
    const source = { kind: "control-plane" as const };
    await expect(
      createSchedule(db.prisma, { name: "x", cron: "61 * * * *", source, enabled: true }, "u"),
    ).rejects.toThrow(ValidationError);
    await expect(
      createSchedule(db.prisma, { name: "x", cron: "* * * * * *", source, enabled: true }, "u"),
    ).rejects.toThrow(/once a minute/);
    const s = await createSchedule(db.prisma, { name: "nightly", cron: "0 3 * * *", source, enabled: true }, "u");
    expect(new Date(s.nextRunAt ?? 0).getUTCHours()).toBe(3);
    const wake = await db.prisma.job.findFirst({ where: { kind: "backup.schedule", state: "queued" } });
    expect(wake?.runAt.toISOString()).toBe(s.nextRunAt);
    await db.prisma.backupSchedule.update({ where: { id: s.id }, data: { nextRunAt: new Date(Date.now() - 1000) } });
    const job = createScheduleJob({ db, backupDir: dir });
    const ctx = { db: db.prisma, payload: {}, progress: async () => undefined } as unknown as Parameters<
      typeof job.run
    >[0];
    await expect(job.run(ctx)).resolves.toMatchObject({ queued: 1 });
    const b = await db.prisma.backup.findFirst({ where: { scheduleId: s.id } });
    expect(b).toMatchObject({ kind: "control-plane", status: "queued", createdBy: "schedule:nightly" });
    expect(await db.prisma.job.count({ where: { kind: "backup.run", payload: { equals: { backupId: b?.id } } } })).toBe(
      1,
    );
    const after = await db.prisma.backupSchedule.findUniqueOrThrow({ where: { id: s.id } });
    expect(after.nextRunAt?.getTime()).toBeGreaterThan(Date.now());
  });
});
