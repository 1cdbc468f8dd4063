import { expect, test, type APIResponse } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { Admin } from "@platformatic/kafka";
import { signedIn, withToken } from "../fixtures/api";

// Issue #14, points 1-3: the DLQ routes serve dead-letter topics only, internal topics never wedge the Kafka
// client, and replay targets follow rules.
const bootstrap = process.env.KAFKA_BOOTSTRAP ?? "";
const broker = bootstrap.split(",")[0] ?? "";

type Problem = { status: number; detail: string; errors?: { path: string; message: string }[] };

async function expectNotDlq(res: APIResponse, topic: string, what: string): Promise<void> {
  expect(res.status(), `${what}: ${await res.text()}`).toBe(404);
  expect(res.headers()["content-type"]).toContain("application/problem+json");
  expect(((await res.json()) as Problem).detail, what).toContain(`topic ${topic} is not a dead-letter topic`);
}

test.describe("DLQ scope", () => {
  test.skip(!broker, "needs KAFKA_BOOTSTRAP (npm test starts the cluster)");
  const id = randomUUID().slice(0, 8);
  const dlq = `kscope-${id}-dlq`;
  const orders = `kscope-${id}-orders`;
  const otherDlq = `kscope-${id}-other-dlq`;

  test.beforeAll(async () => {
    const admin = new Admin({ clientId: "e2e-kscope", bootstrapBrokers: bootstrap.split(",") });
    await admin.createTopics({ topics: [dlq, orders, otherDlq], partitions: 1, replicas: 3 });
    await admin.close();
    const kcat = (topic: string, headers: string[], lines: string) =>
      execFileSync("kcat", ["-b", broker, "-P", "-t", topic, "-K", "\t", ...headers.flatMap((h) => ["-H", h])], {
        input: lines,
        timeout: 30_000,
      });
    kcat(orders, [], "secret-key\tcustomer data\n");
    kcat(dlq, [`__connect.errors.topic=${orders}`, "__connect.errors.exception.class.name=E"], "a\t1\nb\t2\n");
    kcat(dlq, ["__connect.errors.topic=__consumer_offsets", "__connect.errors.exception.class.name=E"], "c\t3\n");
    kcat(dlq, [`__connect.errors.topic=${otherDlq}`, "__connect.errors.exception.class.name=E"], "d\t4\n");
  });

  test.afterAll(async () => {
    const admin = new Admin({ clientId: "e2e-kscope", bootstrapBrokers: bootstrap.split(",") });
    await admin.deleteTopics({ topics: [dlq, orders, otherDlq] }).catch(() => undefined);
    await admin.close();
  });

  test("every {topic} route answers 404 'not a dead-letter topic' for a topic that is not one, and mappings cannot open it up", async () => {
    const admin = await signedIn();
    const viewer = (await withToken(admin, "viewer", `kscope-viewer-${id}`)).ctx;
    const routes = [
      "",
      "/messages",
      "/messages?from=earliest&partition=0",
      "/messages/0/0",
      "/messages/0/0/download",
      "/groups",
      "/export",
      "/mappings",
    ];
    for (const path of routes)
      await expectNotDlq(await viewer.get(`/api/v1/dlq/topics/${orders}${path}`), orders, `GET ${path}`);
    const put = await admin.put(`/api/v1/dlq/topics/${orders}/mappings`, {
      data: { mappings: [{ source: "api", targetTopic: orders }] },
    });
    await expectNotDlq(put, orders, "PUT mappings");
    await expectNotDlq(await viewer.get(`/api/v1/dlq/topics/${orders}/messages`), orders, "GET messages after the PUT");
    // The dead-letter topic itself still reads, and is listed.
    const page = await viewer.get(`/api/v1/dlq/topics/${dlq}/messages?from=earliest`);
    expect(page.status()).toBe(200);
    expect(((await page.json()) as { messages: unknown[] }).messages).toHaveLength(4);
    const list = (await (await viewer.get("/api/v1/dlq/topics")).json()) as { topics: { topic: string }[] };
    expect(list.topics.map((t) => t.topic)).toEqual(expect.arrayContaining([dlq, otherDlq]));
    expect(list.topics.map((t) => t.topic)).not.toContain(orders);
  });

  test("internal topics are 404 on every route, and repeated tries leave the DLQ routes answering", async () => {
    test.setTimeout(120_000);
    const admin = await signedIn();
    const viewer = (await withToken(admin, "viewer", `kscope-internal-${id}`)).ctx;
    // The report: the first was a 500, the second an uncaughtException; about five of them wedged Kafka for everyone.
    const paths = [
      ["__transaction_state", "/messages/0/0"],
      ["__consumer_offsets", "/messages?partition=0"],
      ["__consumer_offsets", ""],
      ["__consumer_offsets", "/export"],
      ["_schemas", "/groups"],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [topic, path] of paths)
        await expectNotDlq(await viewer.get(`/api/v1/dlq/topics/${topic}${path}`), topic!, `${topic}${path}`);
    }
    const t0 = Date.now();
    const page = await viewer.get(`/api/v1/dlq/topics/${dlq}/messages?from=earliest`);
    expect(page.status(), await page.text()).toBe(200);
    expect(Date.now() - t0).toBeLessThan(4000);
    expect((await viewer.get("/api/v1/dlq/topics")).status()).toBe(200);
  });

  test("a replay refuses internal, dead-letter and non-dead-letter source topics with the rule, and a dry run skips refused header targets", async () => {
    const admin = await signedIn();
    const submit = (data: Record<string, unknown>) =>
      admin.post("/api/v1/dlq/replays", { data: { filter: {}, dryRun: true, ...data } });
    const cases = [
      [{ targetTopic: "__consumer_offsets" }, "body.targetTopic", "__consumer_offsets is an internal topic"],
      [{ targetTopic: otherDlq }, "body.targetTopic", `${otherDlq} is a dead-letter topic`],
      [{ targetTopic: "dlq_processing_errors" }, "body.targetTopic", "dlq_processing_errors is a dead-letter topic"],
      [{ parkingTopic: "__transaction_state" }, "body.parkingTopic", "__transaction_state is an internal topic"],
    ] as const;
    for (const [over, path, rule] of cases) {
      const res = await submit({ sourceTopic: dlq, ...over });
      expect(res.status(), JSON.stringify(over)).toBe(400);
      const p = (await res.json()) as Problem;
      expect(p.errors?.map((e) => e.path)).toEqual([path]);
      expect(p.errors?.[0]?.message).toContain(rule);
    }
    for (const sourceTopic of [orders, "__consumer_offsets"])
      await expectNotDlq(await submit({ sourceTopic }), sourceTopic, `replay from ${sourceTopic}`);

    const dry = await submit({ sourceTopic: dlq, parkingTopic: otherDlq });
    expect(dry.status()).toBe(200);
    const { plan } = (await dry.json()) as {
      plan: {
        total: number;
        byTarget: { topic: string; count: number }[];
        skipped: { reason: string; count: number }[];
      };
    };
    expect(plan.byTarget.map((t) => [t.topic, t.count])).toEqual([[orders, 2]]);
    expect(plan.skipped.map((s) => [s.reason.replace(/:.*/s, ""), s.count]).sort()).toEqual([
      ["target refused", 1],
      ["target refused", 1],
    ]);
    expect(plan.skipped.map((s) => s.reason).join("\n")).toContain("__consumer_offsets is an internal topic");
    expect(plan.skipped.map((s) => s.reason).join("\n")).toContain(`${otherDlq} is a dead-letter topic`);
  });
});
