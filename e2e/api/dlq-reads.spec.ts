import { expect, test, type APIRequestContext } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Admin } from "@platformatic/kafka";
import { signedIn, withToken } from "../fixtures/api";
import { startServer, waitReady, type ServerProcess } from "../fixtures/server";

const bootstrap = process.env.KAFKA_BOOTSTRAP ?? "";
const broker = bootstrap.split(",")[0] ?? "";
// Inside kafka-reads' port range (4020-4029): the server started with NEXUS_DLQ_PAYLOAD_ROLE=operator.
const OPERATOR_ROLE_PORT = 4021;

type Payload = { kind: string; text: string | null; base64: string | null; size: number };
type Message = {
  partition: number;
  offset: string;
  key: Payload;
  value: Payload;
  headers: { key: string; value: Payload }[];
  error: { errorClass: string | null };
};
type Page = {
  messages: Message[];
  payloads: string;
  payloadRole: string;
  payloadBytes: number;
  payloadCapped: boolean;
};
type AuditEvent = {
  action: string;
  actor: string;
  target: string | null;
  outcome: string;
  status: number;
  detail: Record<string, unknown> | null;
};

async function auditOf(admin: APIRequestContext, topic: string, action = "dlq."): Promise<AuditEvent[]> {
  const res = await admin.get(`/api/v1/audit?action=${action}&q=topic:${topic}&limit=100`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { events: AuditEvent[] }).events;
}

test.describe("DLQ content reads: audit and payload role", () => {
  test.skip(!broker, "needs KAFKA_BOOTSTRAP (npm test starts the cluster)");
  const id = randomUUID().slice(0, 8);
  const dlq = `dlq.kreads-${id}`;

  test.beforeAll(async () => {
    const admin = new Admin({ clientId: "e2e-dlq-reads", bootstrapBrokers: bootstrap.split(",") });
    await admin.createTopics({ topics: [dlq], partitions: 1, replicas: 3 });
    await admin.close();
    const lines =
      Array.from({ length: 20 }, (_, i) => `k${i}\t{"customer":"c-${i}","card":"4111-${i}"}`).join("\n") + "\n";
    execFileSync(
      "kcat",
      ["-b", broker, "-P", "-t", dlq, "-p", "0", "-K", "\t", "-H", "__connect.errors.exception.class.name=BadCard"],
      { input: lines, timeout: 30_000 },
    );
  });

  test("browse, one message, download and export are audited with topic, offsets and count; failed reads are not", async () => {
    const admin = await signedIn();
    const viewer = await withToken(admin, "viewer", `kreads-viewer-${id}`);

    const page = await viewer.ctx.get(`/api/v1/dlq/topics/${dlq}/messages?from=earliest&limit=5`);
    expect(page.status()).toBe(200);
    const body = (await page.json()) as Page;
    expect(body).toMatchObject({ payloads: "shown", payloadRole: "viewer", payloadCapped: false });
    expect(body.messages[0]!.value.kind).toBe("json");
    expect((await viewer.ctx.get(`/api/v1/dlq/topics/${dlq}/messages/0/3`)).status()).toBe(200);
    const download = await viewer.ctx.get(`/api/v1/dlq/topics/${dlq}/messages/0/7/download`);
    expect(await download.text()).toBe('{"customer":"c-7","card":"4111-7"}');
    const exported = await viewer.ctx.get(`/api/v1/dlq/topics/${dlq}/export?format=jsonl`);
    expect(exported.headers()["x-export-max-bytes"]).toBe(String(256 * 1024 * 1024));
    expect((await exported.text()).trim().split("\n")).toHaveLength(20);
    expect((await viewer.ctx.get(`/api/v1/dlq/topics/${dlq}/messages/-1/1`)).status()).toBe(400);
    expect((await viewer.ctx.get(`/api/v1/dlq/topics/${dlq}x/messages/0/1`)).status()).toBe(404);

    let events = await auditOf(admin, dlq);
    for (let i = 0; i < 20 && !events.some((e) => e.action === "dlq.export.end"); i++) {
      await sleep(100);
      events = await auditOf(admin, dlq);
    }
    const actor = `kreads-viewer-${id}`;
    const by = (action: string) => events.filter((e) => e.action === action);
    expect(events.every((e) => e.actor.includes(actor) && e.target === `topic:${dlq}` && e.outcome === "success")).toBe(
      true,
    );
    expect(by("dlq.messages.read")).toEqual([
      expect.objectContaining({ detail: expect.objectContaining({ ranges: ["0:0-4"], count: 5, withPayloads: 5 }) }),
    ]);
    expect(by("dlq.message.read")).toEqual([
      expect.objectContaining({ detail: expect.objectContaining({ ranges: ["0:3-3"], count: 1 }) }),
    ]);
    expect(by("dlq.message.download")).toEqual([
      expect.objectContaining({ detail: expect.objectContaining({ ranges: ["0:7-7"], count: 1, part: "value" }) }),
    ]);
    expect(by("dlq.export")).toEqual([
      expect.objectContaining({ detail: expect.objectContaining({ ranges: ["0:0-19"], format: "jsonl" }) }),
    ]);
    expect(by("dlq.export.end")).toEqual([
      expect.objectContaining({ detail: expect.objectContaining({ reason: "complete", count: 20 }) }),
    ]);
    expect(events).toHaveLength(5); // the 400 and the 404 disclosed nothing and are no content reads

    // The audit list offers the new actions to filter by.
    const list = (await (await admin.get("/api/v1/audit?limit=1")).json()) as { actions: string[] };
    expect(list.actions).toEqual(
      expect.arrayContaining([
        "dlq.export",
        "dlq.export.end",
        "dlq.message.download",
        "dlq.message.read",
        "dlq.messages.read",
      ]),
    );
  });

  test.describe("with NEXUS_DLQ_PAYLOAD_ROLE=operator", () => {
    let server: ServerProcess;
    let admin: APIRequestContext;
    let viewer: APIRequestContext;
    let operator: APIRequestContext;
    const password = "kreads-admin-password";

    test.beforeAll(async () => {
      server = startServer({
        port: OPERATOR_ROLE_PORT,
        env: { NEXUS_ADMIN_PASSWORD: password, NEXUS_DLQ_PAYLOAD_ROLE: "operator", LOG_LEVEL: "warn" },
      });
      await waitReady(server.url);
      admin = await signedIn("admin", password, server.url);
      viewer = (await withToken(admin, "viewer", "kreads-viewer", server.url)).ctx;
      operator = (await withToken(admin, "operator", "kreads-operator", server.url)).ctx;
    });

    test.afterAll(async () => {
      server?.proc.kill("SIGTERM");
      await server?.exited;
    });

    test("a viewer sees metadata, sizes, counts and errors but no payload; download, export and text search are 403 naming the role", async () => {
      const page = await viewer.get(`/api/v1/dlq/topics/${dlq}/messages?from=earliest&limit=5`);
      expect(page.status()).toBe(200);
      const body = (await page.json()) as Page;
      expect(body).toMatchObject({ payloads: "hidden", payloadRole: "operator", payloadBytes: 0 });
      expect(body.messages.map((m) => m.offset)).toEqual(["0", "1", "2", "3", "4"]);
      for (const m of body.messages) {
        expect(m.key).toMatchObject({ kind: "hidden", text: null, base64: null, size: 2 });
        expect(m.value).toMatchObject({ kind: "hidden", text: null, base64: null });
        expect(m.value.size).toBeGreaterThan(30);
        expect(m.headers[0]!.value).toMatchObject({ kind: "hidden", text: null });
        expect(m.error.errorClass).toBe("BadCard");
      }
      expect(JSON.stringify(body)).not.toContain("4111");
      const one = (await (await viewer.get(`/api/v1/dlq/topics/${dlq}/messages/0/3`)).json()) as Message;
      expect(one.value.kind).toBe("hidden");
      expect(JSON.stringify(one)).not.toContain("4111");
      const groups = await viewer.get(`/api/v1/dlq/topics/${dlq}/groups`);
      expect((await groups.json()) as unknown).toMatchObject({
        matched: 20,
        groups: [{ value: "BadCard", count: 20 }],
      });

      for (const path of [`messages/0/3/download`, `export?format=csv`, `messages?text=4111`, `groups?text=4111`]) {
        const r = await viewer.get(`/api/v1/dlq/topics/${dlq}/${path}`);
        expect(r.status(), path).toBe(403);
        expect(((await r.json()) as { detail: string }).detail, path).toContain("needs the operator role");
      }

      const operatorPage = (await (
        await operator.get(`/api/v1/dlq/topics/${dlq}/messages?from=earliest&limit=5`)
      ).json()) as Page;
      expect(operatorPage.payloads).toBe("shown");
      expect(operatorPage.messages[0]!.value.text).toContain("4111-0");

      const events = await auditOf(admin, dlq);
      const viewerEvents = events.filter((e) => e.actor.includes("kreads-viewer"));
      // Metadata-only reads are no content reads; the refused ones are on record as denied.
      expect(viewerEvents.map((e) => [e.action, e.outcome, e.status]).sort()).toEqual([
        ["dlq.export", "denied", 403],
        ["dlq.message.download", "denied", 403],
        ["dlq.messages.read", "denied", 403],
      ]);
      expect(events.filter((e) => e.actor.includes("kreads-operator")).map((e) => e.action)).toEqual([
        "dlq.messages.read",
      ]);
    });
  });
});
