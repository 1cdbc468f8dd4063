import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  CreateBucketCommand,
} from "@aws-sdk/client-s3";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signedIn, withToken } from "./fixtures/api";
import { startServer, waitReady, type ServerProcess } from "./fixtures/server";
import { signIn } from "./fixtures/ui";

// Backup and restore round trips in Chromium: write data, back up, destroy, restore, compare. For an S3 bucket on the
// test S3 server, the control plane's own database, and a catalog PostgreSQL in a container this test starts and stops.
// Own server (NEXUS_S3_ENDPOINT set), own buckets, own container: nothing shared is touched.
const PORT = Number(process.env.BACKUP_E2E_PORT ?? 4142);
const PASSWORD = "backup-ui-password";
const SHOTS = ".test-env/screenshots";
mkdirSync(SHOTS, { recursive: true });
const S3_ENDPOINT = process.env.S3_ENDPOINT;
const STACK = `backup-e2e-${process.pid}`;
const RUN = Date.now().toString(36);

const s3 = new S3Client({
  endpoint: S3_ENDPOINT,
  region: "us-east-1",
  forcePathStyle: true,
  credentials: { accessKeyId: "e2e", secretAccessKey: "e2e" },
});
const text = async (bucket: string, key: string) =>
  (await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body?.transformToString()) ?? "";

function startCatalog(): string {
  const id = execFileSync("docker", [
    ...[
      "run",
      "-d",
      "--label",
      `com.docker.compose.project=${STACK}`,
      "--label",
      "com.docker.compose.service=postgres",
    ],
    ...[
      "-e",
      "POSTGRES_USER=admin",
      "-e",
      "POSTGRES_PASSWORD=admin123",
      "-e",
      "POSTGRES_DB=iceberg",
      "nexus/postgres:15",
    ],
  ])
    .toString()
    .trim();
  return id;
}

function psql(id: string, sql: string): string {
  return execFileSync("docker", ["exec", id, "psql", "-h", "/tmp", "-U", "admin", "-d", "iceberg", "-XAtc", sql], {
    stdio: ["ignore", "pipe", "ignore"],
  })
    .toString()
    .trim();
}

async function backUp(page: Page, kind: string, fields: Record<string, string>): Promise<void> {
  const form = page.getByRole("form", { name: "Back up now" });
  await form.getByLabel("What").selectOption({ label: kind });
  for (const [label, value] of Object.entries(fields)) await form.getByLabel(label, { exact: true }).fill(value);
  await form.getByRole("button", { name: "Back up now" }).click();
  // Each test backs up another kind: the newest row is this backup once it shows the kind.
  const newest = page.getByRole("table", { name: "Backups" }).getByRole("row").nth(1);
  await expect(newest).toContainText(kind);
  await expect(newest).toContainText("succeeded", { timeout: 60_000 });
}

/** Waits for the newest backup row to succeed and opens its restore dialog with the dry run. */
async function restoreNewest(page: Page, confirm: string, expectSummary: RegExp): Promise<void> {
  const row = page.getByRole("table", { name: "Backups" }).getByRole("row").nth(1);
  await row.getByRole("button", { name: /Restore backup/ }).click();
  const dialog = page.getByRole("dialog", { name: "Restore backup" });
  await expect(dialog).toContainText(expectSummary, { timeout: 30_000 });
  const restore = dialog.getByRole("button", { name: "Restore", exact: true });
  await expect(restore).toBeDisabled();
  await dialog.getByLabel(`Type ${confirm} to confirm`).fill(`${confirm}x`);
  await expect(restore).toBeDisabled();
  await dialog.getByLabel(`Type ${confirm} to confirm`).fill(confirm);
  await page.screenshot({ path: `${SHOTS}/backup-restore-dialog-${confirm.replace(/\W/g, "_")}.png` });
  await restore.click();
  await expect(dialog).toContainText("succeeded", { timeout: 60_000 });
  await dialog.getByRole("button", { name: "Close", exact: true }).last().click();
}

test.describe("backup and restore round trips", () => {
  test.skip(Boolean(process.env.E2E_PG_URL), "runs once, on the embedded database");
  let server: ServerProcess;
  let api: APIRequestContext;
  let catalog = "";

  test.beforeAll(async () => {
    if (!S3_ENDPOINT) throw new Error("S3_ENDPOINT is not set: start the test S3 server (scripts/test-env/s3.sh)");
    catalog = startCatalog();
    server = startServer({
      port: PORT,
      env: {
        NEXUS_ADMIN_PASSWORD: PASSWORD,
        NEXUS_S3_ENDPOINT: S3_ENDPOINT,
        NEXUS_BACKUP_DIR: mkdtempSync(join(tmpdir(), "nexus-backup-e2e-")),
        NEXUS_DOCKER_SOCKET: process.env.DOCKER_SOCKET ?? "/var/run/docker.sock",
        NEXUS_JOB_POLL_MS: "200",
        NEXUS_PROBE_INTERVAL_MS: "0",
        LOG_LEVEL: "warn",
      },
    });
    await waitReady(server.url);
    api = await signedIn("admin", PASSWORD, server.url);
  });

  test.afterAll(async () => {
    await api?.dispose();
    server?.proc.kill("SIGTERM");
    await server?.exited;
    if (catalog) execFileSync("docker", ["rm", "-f", catalog]);
  });

  test.beforeEach(async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${server.url}/login?next=/backups`);
    await signIn(page, PASSWORD);
    await expect(page.getByRole("heading", { name: "Backups", level: 1 })).toBeVisible();
  });

  test("an S3 bucket mirrored to a backup bucket comes back after objects are deleted and damaged", async ({
    page,
  }) => {
    const gold = `gold-${RUN}`;
    await s3.send(new CreateBucketCommand({ Bucket: gold }));
    const keys = Array.from({ length: 20 }, (_, i) => `daily_summary/date=2026-11-${10 + i}/part-0.json`);
    await Promise.all(keys.map((Key, i) => s3.send(new PutObjectCommand({ Bucket: gold, Key, Body: `{"day":${i}}` }))));
    await backUp(page, "S3 bucket", { Bucket: gold, "Backup bucket": `${gold}-backup` });
    await expect(page.getByRole("table", { name: "Backups" }).getByRole("row").nth(1)).toContainText("20");
    for (const Key of keys.slice(0, 5)) await s3.send(new DeleteObjectCommand({ Bucket: gold, Key }));
    await s3.send(new PutObjectCommand({ Bucket: gold, Key: keys[5], Body: "damaged" }));
    // The API refuses a wrong confirmation, and an operator altogether.
    const { backups } = (await (await api.get("/api/v1/backups?kind=s3")).json()) as { backups: { id: string }[] };
    const restoreUrl = `/api/v1/backups/${backups[0]?.id}/restore`;
    const wrong = await api.post(restoreUrl, { data: { dryRun: false, confirm: "gold" } });
    expect(wrong.status()).toBe(400);
    expect(((await wrong.json()) as { errors: { message: string }[] }).errors[0]?.message).toBe(`must be "${gold}"`);
    const operator = await withToken(api, "operator", "backup-e2e-operator", server.url);
    expect((await operator.ctx.post(restoreUrl, { data: { dryRun: true } })).status()).toBe(403);
    const missing = await operator.ctx.post("/api/v1/backups", {
      data: { source: { kind: "s3", bucket: `nope-${RUN}`, targetBucket: `nope-${RUN}-b` } },
    });
    expect(missing.status()).toBe(404);
    await operator.ctx.dispose();
    await restoreNewest(page, gold, /1 overwritten, 5 created, 14 unchanged/);
    for (const [i, Key] of keys.entries()) expect(await text(gold, Key)).toBe(`{"day":${i}}`);
  });

  test("the control plane's database is restored: a user deleted since the backup is back, one added is gone", async ({
    page,
  }) => {
    const made = await api.post("/api/v1/users", { data: { username: "carol", password: "carol-password-1" } });
    expect(made.status()).toBe(201);
    const carol = (await made.json()) as { id: string };
    await backUp(page, "Control plane database", {});
    expect((await api.delete(`/api/v1/users/${carol.id}`)).status()).toBe(200);
    expect(
      (await api.post("/api/v1/users", { data: { username: "mallory", password: "mallory-password-1" } })).status(),
    ).toBe(201);
    await restoreNewest(page, "control-plane", /overwritten/);
    const users = (await (await api.get("/api/v1/users")).json()) as { users: { username: string }[] };
    expect(users.users.map((u) => u.username).sort()).toEqual(["admin", "carol"]);
    // Still signed in: sessions are not part of a restore.
    await page.reload();
    await expect(page.getByRole("heading", { name: "Backups", level: 1 })).toBeVisible();
  });

  test("the catalog PostgreSQL is dumped in its container and a dropped table restored", async ({ page }) => {
    for (let i = 0; i < 60; i++) {
      try {
        psql(catalog, "select 1");
        break;
      } catch {
        await page.waitForTimeout(500);
      }
    }
    psql(
      catalog,
      "create table iceberg_tables (catalog_name text, table_namespace text, table_name text, metadata_location text, primary key (catalog_name, table_namespace, table_name));" +
        "insert into iceberg_tables select 'iceberg', 'gold', 't' || g, 's3://warehouse/gold/t' || g from generate_series(1, 50) g",
    );
    const before = psql(
      catalog,
      "select md5(string_agg(metadata_location, ',' order by table_name)) from iceberg_tables",
    );
    await backUp(page, "Catalog PostgreSQL", { Stack: STACK, Service: "postgres" });
    psql(catalog, "drop table iceberg_tables");
    await restoreNewest(page, `${STACK}/postgres`, /0 overwritten, 1 created/);
    expect(
      psql(catalog, "select md5(string_agg(metadata_location, ',' order by table_name)) from iceberg_tables"),
    ).toBe(before);
  });

  test("a schedule is added with its next run and deleted after a confirmation; the page in light, dark and at phone width", async ({
    page,
  }) => {
    const shoot = async (name: string) => page.screenshot({ path: `${SHOTS}/backup-${name}.png`, fullPage: true });
    const form = page.getByRole("form", { name: "Add a schedule" });
    await form.getByLabel("Name").fill("catalog-nightly");
    await form.getByLabel("What").selectOption({ label: "Catalog PostgreSQL" });
    await form.getByRole("button", { name: "Add schedule" }).click();
    const item = page.getByRole("list", { name: "Schedules" }).getByRole("listitem");
    await expect(item).toContainText("catalog-nightly");
    await expect(item).toContainText("0 3 * * *");
    await expect(item).toContainText("nexus/postgres");
    await form.getByLabel("Name").fill("too-often");
    await form.getByLabel(/^Cron/).fill("* * * * * *");
    await form.getByRole("button", { name: "Add schedule" }).click();
    await expect(page.getByText(/at most once a minute/).first()).toBeVisible();
    await expect(page.getByRole("table", { name: "Backups" })).toBeVisible();
    await shoot("light-1440");
    await page.getByRole("radio", { name: "Dark theme" }).click();
    await shoot("dark-1440");
    await page.getByRole("radio", { name: "Light theme" }).click();
    await page.setViewportSize({ width: 390, height: 844 });
    await shoot("phone-390");
    await page.getByRole("button", { name: "Delete schedule catalog-nightly" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete schedule" });
    await dialog.getByRole("button", { name: "Delete" }).click();
    await expect(page.getByText("No schedules: backups run only on demand.")).toBeVisible();
  });
});
