import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BASE_URL, signedIn, withToken } from "../fixtures/api";

type Service = { service: string; state: string; health: string | null; exitCode: number | null };

test.describe("stacks", () => {
  test.skip(
    Boolean(process.env.E2E_PG_URL),
    "runs once, on the embedded database: the stack engine does not depend on it",
  );

  test("CI starts nexus-local with wait=true, gets the DLQ topics, and takes it down again", async () => {
    test.setTimeout(300_000);
    const admin = await signedIn();
    const ci = await withToken(admin, "operator", "stack-ci");

    const list = await ci.ctx.get("/api/v1/stacks");
    expect(list.status()).toBe(200);
    const local = (
      (await list.json()) as { stacks: { name: string; problems: unknown[]; levels: string[][] }[] }
    ).stacks.find((s) => s.name === "nexus-local");
    expect(local).toMatchObject({
      problems: [],
      levels: [
        [
          "kafka-1",
          "kafka-2",
          "kafka-3",
          "postgres",
          "prometheus",
          "pushgateway",
          "s3",
          "spark-batch-master",
          "spark-stream-master",
        ],
        ["iceberg-rest", "kafka-init", "spark-batch-worker", "spark-stream-worker"],
      ],
    });

    const up = await ci.ctx.post("/api/v1/stacks/nexus-local/up?wait=true&timeoutSeconds=240", { timeout: 260_000 });
    const upBody = (await up.json()) as { job: { state: string }; stack: { services: Service[] } };
    expect(up.status(), JSON.stringify(upBody)).toBe(200);
    expect(upBody.job.state).toBe("succeeded");
    const byName = Object.fromEntries(upBody.stack.services.map((s) => [s.service, s]));
    for (const b of [
      "kafka-1",
      "kafka-2",
      "kafka-3",
      "spark-stream-master",
      "spark-stream-worker",
      "spark-batch-master",
      "spark-batch-worker",
      "postgres",
      "s3",
      "iceberg-rest",
      "prometheus",
      "pushgateway",
    ]) {
      expect(byName[b], b).toMatchObject({ state: "running", health: "healthy" });
    }
    expect(byName["kafka-init"]).toMatchObject({ state: "exited", exitCode: 0 });

    const meta = execFileSync("kcat", ["-b", "127.0.0.1:29092", "-L"], { timeout: 20_000 }).toString();
    for (const t of ["dlq_schema_validation_errors", "dlq_processing_errors", "dlq_failed_messages"]) {
      expect(meta).toContain(`topic "${t}" with 3 partitions`);
    }
    expect(meta).toMatch(/replicas: \d,\d,\d/);

    // A Compose CLI on the same engine sees the same containers (Debian's docker-compose 1.29 predates the
    // top-level `name` key, so it reads the file without it).
    const v1File = join(tmpdir(), `nexus-local-v1-${Date.now()}.yaml`);
    writeFileSync(v1File, readFileSync("compose-templates/nexus-local/compose.yaml", "utf8").replace(/^name:.*$/m, ""));
    const composeIds = execFileSync("docker-compose", ["-f", v1File, "-p", "nexus-local", "ps", "-q"], {
      timeout: 60_000,
    })
      .toString()
      .trim()
      .split("\n")
      .sort();
    const engineIds = execFileSync(
      "docker",
      ["ps", "-aq", "--no-trunc", "--filter", "label=com.docker.compose.project=nexus-local"],
      { timeout: 20_000 },
    )
      .toString()
      .trim()
      .split("\n")
      .sort();
    expect(composeIds).toHaveLength(13);
    expect(composeIds).toEqual(engineIds);

    // A second start while nothing changed is a no-op job.
    const again = await ci.ctx.post("/api/v1/stacks/nexus-local/up?wait=true", { timeout: 120_000 });
    expect(again.status()).toBe(200);

    const audit = (await (await admin.get("/api/v1/audit?action=stack.up")).json()) as {
      events: { actor: string; outcome: string; target: string }[];
    };
    expect(audit.events[0]).toMatchObject({
      target: "stack:nexus-local",
      outcome: "success",
      actor: "admin (token stack-ci)",
    });

    // One service: restart kafka-2 and wait until it is healthy again; a viewer may not.
    const viewer = await withToken(admin, "viewer", "stack-viewer");
    expect((await viewer.ctx.post("/api/v1/stacks/nexus-local/services/kafka-2/restart")).status()).toBe(403);
    expect((await ci.ctx.post("/api/v1/stacks/nexus-local/services/kafka-9/restart")).status()).toBe(404);
    const startedBefore = (byName["kafka-2"] as Service & { startedAt: string }).startedAt;
    const restart = await ci.ctx.post(
      "/api/v1/stacks/nexus-local/services/kafka-2/restart?wait=true&timeoutSeconds=120",
      { timeout: 140_000 },
    );
    const restarted = (await restart.json()) as {
      job: { state: string };
      stack: { services: (Service & { startedAt: string })[] };
    };
    expect(restart.status(), JSON.stringify(restarted)).toBe(200);
    const k2 = restarted.stack.services.find((x) => x.service === "kafka-2")!;
    expect(k2).toMatchObject({ state: "running", health: "healthy" });
    expect(Date.parse(k2.startedAt)).toBeGreaterThan(Date.parse(startedBefore));
    const serviceAudit = (await (await admin.get("/api/v1/audit?action=stack.service")).json()) as {
      events: { target: string; outcome: string; detail: { action?: string } }[];
    };
    expect(serviceAudit.events.map((e) => [e.target, e.outcome])).toEqual(
      expect.arrayContaining([
        ["stack:nexus-local/kafka-2", "success"],
        ["stack:nexus-local/kafka-9", "failure"],
      ]),
    );

    // Logs (operator and up: they may hold secrets): the last lines of one service, then the stream ends (follow=false).
    expect(
      (
        await fetch(`${BASE_URL}/api/v1/stacks/nexus-local/logs?follow=false`, {
          headers: { authorization: `Bearer ${viewer.token}` },
        })
      ).status,
    ).toBe(403);
    const logs = await fetch(
      `${BASE_URL}/api/v1/stacks/nexus-local/logs?services=kafka-init,kafka-2&tail=5000&follow=false`,
      { headers: { authorization: `Bearer ${ci.token}` } },
    );
    expect(logs.headers.get("content-type")).toContain("text/event-stream");
    const text = await logs.text();
    const lines = text
      .split("\n\n")
      .filter((b) => b.startsWith("event: log"))
      .map((b) => JSON.parse(b.slice(b.indexOf("data: ") + 6)) as { service: string; line: string });
    expect(
      lines
        .filter((l) => l.service === "kafka-init")
        .map((l) => l.line)
        .join("\n"),
    ).toMatch(/dlq_schema_validation_errors/);
    expect(lines.some((l) => l.service === "kafka-2")).toBe(true);
    expect(text).toMatch(/event: end\ndata: \{"services":\["kafka-2","kafka-init"\]\}/);

    // Removing volumes deletes data: an admin, repeating the stack's name.
    expect((await ci.ctx.post("/api/v1/stacks/nexus-local/down?volumes=true&confirm=nexus-local")).status()).toBe(403);
    const down = await admin.post("/api/v1/stacks/nexus-local/down?wait=true&volumes=true&confirm=nexus-local", {
      timeout: 120_000,
    });
    expect(down.status()).toBe(200);
    const after = (await down.json()) as { stack: { services: Service[] } };
    for (const s of after.stack.services) expect(s.state).toBe("absent");
  });

  test("validate: a broken Compose file gets each problem with its path and line, a good one none", async () => {
    const admin = await signedIn();
    const check = async (yaml: string) => {
      const r = await admin.post("/api/v1/stacks/validate", { data: { yaml } });
      expect(r.status()).toBe(200);
      return (await r.json()) as {
        valid: boolean;
        problems: { path: string; line: number | null; message: string }[];
        imagesChecked: boolean;
        levels: string[][];
      };
    };
    expect(
      (
        await check(
          "services:\n  a:\n    image: nexus/debian:bookworm\n    depends_on: [b]\n  b:\n    image: nexus/debian:bookworm\n    depends_on: [a]\n",
        )
      ).problems,
    ).toEqual([{ path: "services.a.depends_on", line: 4, message: "dependency cycle: a → b → a" }]);
    expect(
      (
        await check(
          "services:\n  a:\n    image: nexus/debian:bookworm\n    ports: ['8080:80']\n  b:\n    image: nexus/debian:bookworm\n    ports: ['8080:81']\n",
        )
      ).problems,
    ).toEqual([
      { path: "services.b.ports[0]", line: 7, message: "host port 8080/tcp is also taken by services.a.ports[0]" },
    ]);
    expect((await check("services:\n  a:\n    image: nexus/not-built:1\n")).problems).toEqual([
      {
        path: "services.a.image",
        line: null,
        message: "nexus/not-built:1 is not on this engine: build it with `bash scripts/test-env/docker.sh up`",
      },
    ]);
    expect((await check("services:\n  a:\n    image: x\n   bad: indent\n")).problems[0]).toMatchObject({ line: 4 });
    expect((await check("services:\n  a:\n    image: nexus/debian:bookworm\n    restrat: always\n")).problems).toEqual([
      { path: "services.a.restrat", line: 4, message: "unknown key restrat" },
    ]);
    const good = await check(readFileSync("compose-templates/nexus-local/compose.yaml", "utf8"));
    expect(good).toMatchObject({ valid: true, problems: [], imagesChecked: true });
    expect(good.levels[1]).toEqual(["iceberg-rest", "kafka-init", "spark-batch-worker", "spark-stream-worker"]);
    expect((await admin.post("/api/v1/stacks/validate", { data: { yaml: "" } })).status()).toBe(400);
  });

  test("an unknown template is a 404 problem", async () => {
    const admin = await signedIn();
    const res = await admin.get("/api/v1/stacks/no-such-template");
    expect(res.status()).toBe(404);
    expect((await res.json()).detail).toMatch(/no template named no-such-template/);
  });
});
